#include "ddb/expr/parser.h"

#include <cctype>

#include "ddb/error.h"

namespace ddb::expr {

std::string Path::text() const {
  std::string out;
  for (const auto& e : elements) {
    if (e.is_index) {
      out += "[" + std::to_string(e.index) + "]";
    } else {
      if (!out.empty()) out.push_back('.');
      out += e.name;
    }
  }
  return out;
}

namespace {

enum class Tok {
  Name,
  NamePlaceholder,
  ValuePlaceholder,
  Integer,
  LParen,
  RParen,
  Comma,
  Dot,
  LBracket,
  RBracket,
  Compare,
  Eof
};

struct Token {
  Tok kind;
  std::string_view text;
  size_t offset;
};

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool keyword_is(const Token& t, std::string_view word) {
  if (t.kind != Tok::Name || t.text.size() != word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(t.text[i])) != word[i]) return false;
  }
  return true;
}

class Parser {
 public:
  Parser(std::string_view text, std::string_view expression_name, AttributeRefs& refs)
      : text_(text), expression_name_(expression_name), refs_(refs) {
    tokenize();
  }

  Node condition_expression() {
    if (tokens_.size() == 1) empty_expression();
    Node n = or_condition(0);
    expect_end();
    return n;
  }

  std::vector<Path> projection() {
    if (tokens_.size() == 1) empty_expression();
    std::vector<Path> paths;
    paths.push_back(path());
    while (peek().kind == Tok::Comma) {
      next();
      paths.push_back(path());
    }
    expect_end();
    return paths;
  }

 private:
  static constexpr int kMaxDepth = 256;  // guards the recursion; DynamoDB's own limits are lower

  [[noreturn]] void empty_expression() {
    throw ApiError::validation("Invalid " + std::string(expression_name_) +
                               ": The expression can not be empty;");
  }

  [[noreturn]] void syntax_error(size_t at) {
    const Token& t = tokens_[at];
    std::string token = t.kind == Tok::Eof ? "<EOF>" : std::string(t.text);
    size_t start = at > 0 ? tokens_[at - 1].offset : t.offset;
    size_t end = t.kind == Tok::Eof ? t.offset
                                    : (at + 1 < tokens_.size()
                                           ? tokens_[at + 1].offset + tokens_[at + 1].text.size()
                                           : t.offset + t.text.size());
    std::string near(text_.substr(start, end - start));
    throw ApiError::validation("Invalid " + std::string(expression_name_) +
                               ": Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
  }

  [[noreturn]] void invalid_character(size_t offset) {
    throw ApiError::validation("Invalid " + std::string(expression_name_) +
                               ": Syntax error; token: \"" + std::string(1, text_[offset]) +
                               "\", near: \"" + std::string(text_.substr(offset, 2)) + "\"");
  }

  void tokenize() {
    size_t i = 0;
    while (i < text_.size()) {
      char c = text_[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
        continue;
      }
      size_t start = i;
      Tok kind;
      if (c == '#' || c == ':') {
        ++i;
        while (i < text_.size() && is_word_char(text_[i])) ++i;
        if (i == start + 1) invalid_character(start);
        kind = c == '#' ? Tok::NamePlaceholder : Tok::ValuePlaceholder;
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        while (i < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i]))) ++i;
        // A name may not start with a digit; "1abc" lexes as a malformed token.
        if (i < text_.size() && is_word_char(text_[i])) {
          while (i < text_.size() && is_word_char(text_[i])) ++i;
          kind = Tok::Name;
        } else {
          kind = Tok::Integer;
        }
      } else if (is_word_char(c)) {
        while (i < text_.size() && is_word_char(text_[i])) ++i;
        kind = Tok::Name;
      } else if (c == '<' || c == '>') {
        ++i;
        if (i < text_.size() && (text_[i] == '=' || (c == '<' && text_[i] == '>'))) ++i;
        kind = Tok::Compare;
      } else if (c == '=') {
        ++i;
        kind = Tok::Compare;
      } else {
        ++i;
        switch (c) {
          case '(':
            kind = Tok::LParen;
            break;
          case ')':
            kind = Tok::RParen;
            break;
          case ',':
            kind = Tok::Comma;
            break;
          case '.':
            kind = Tok::Dot;
            break;
          case '[':
            kind = Tok::LBracket;
            break;
          case ']':
            kind = Tok::RBracket;
            break;
          default:
            invalid_character(start);
        }
      }
      tokens_.push_back({kind, text_.substr(start, i - start), start});
    }
    tokens_.push_back({Tok::Eof, {}, text_.size()});
  }

  const Token& peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  void expect(Tok kind) {
    if (peek().kind != kind) syntax_error(pos_);
    next();
  }
  void expect_end() {
    if (peek().kind != Tok::Eof) syntax_error(pos_);
  }

  Node or_condition(int depth) {
    Node left = and_condition(depth);
    while (keyword_is(peek(), "OR")) {
      next();
      Node n;
      n.kind = Node::Kind::Or;
      n.children.push_back(std::move(left));
      n.children.push_back(and_condition(depth));
      left = std::move(n);
    }
    return left;
  }

  Node and_condition(int depth) {
    Node left = not_condition(depth);
    while (keyword_is(peek(), "AND")) {
      next();
      Node n;
      n.kind = Node::Kind::And;
      n.children.push_back(std::move(left));
      n.children.push_back(not_condition(depth));
      left = std::move(n);
    }
    return left;
  }

  Node not_condition(int depth) {
    if (depth > kMaxDepth) syntax_error(pos_);
    if (keyword_is(peek(), "NOT")) {
      next();
      Node n;
      n.kind = Node::Kind::Not;
      n.children.push_back(not_condition(depth + 1));
      return n;
    }
    return primary_condition(depth);
  }

  Node primary_condition(int depth) {
    if (peek().kind == Tok::LParen) {
      next();
      Node n = or_condition(depth + 1);
      expect(Tok::RParen);
      return n;
    }
    if (peek().kind == Tok::Name && peek(1).kind == Tok::LParen && !is_keyword(peek())) {
      Node f = function_call(depth);
      if (f.op != "size") return f;
      return comparison_after(std::move(f), depth);
    }
    return comparison_after(operand(depth), depth);
  }

  static bool is_keyword(const Token& t) {
    return keyword_is(t, "AND") || keyword_is(t, "OR") || keyword_is(t, "NOT") ||
           keyword_is(t, "BETWEEN") || keyword_is(t, "IN");
  }

  Node comparison_after(Node left, int depth) {
    Node n;
    if (peek().kind == Tok::Compare) {
      n.kind = Node::Kind::Compare;
      n.op = std::string(next().text);
      n.children.push_back(std::move(left));
      n.children.push_back(operand(depth));
    } else if (keyword_is(peek(), "BETWEEN")) {
      next();
      n.kind = Node::Kind::Between;
      n.children.push_back(std::move(left));
      n.children.push_back(operand(depth));
      if (!keyword_is(peek(), "AND")) syntax_error(pos_);
      next();
      n.children.push_back(operand(depth));
    } else if (keyword_is(peek(), "IN")) {
      next();
      n.kind = Node::Kind::In;
      n.children.push_back(std::move(left));
      expect(Tok::LParen);
      n.children.push_back(operand(depth));
      while (peek().kind == Tok::Comma) {
        next();
        n.children.push_back(operand(depth));
      }
      expect(Tok::RParen);
    } else {
      syntax_error(pos_);
    }
    return n;
  }

  Node operand(int depth) {
    const Token& t = peek();
    if (t.kind == Tok::ValuePlaceholder) {
      next();
      Node n;
      n.kind = Node::Kind::Value;
      n.value_name = std::string(t.text);
      refs_.value(n.value_name);
      return n;
    }
    if (t.kind == Tok::Name && peek(1).kind == Tok::LParen && !is_keyword(t)) {
      return function_call(depth);
    }
    Node n;
    n.kind = Node::Kind::Path;
    n.path = path();
    return n;
  }

  Node function_call(int depth) {
    if (depth > kMaxDepth) syntax_error(pos_);
    Node n;
    n.kind = Node::Kind::Function;
    n.op = std::string(next().text);
    static const char* known[] = {"attribute_exists", "attribute_not_exists",
                                  "attribute_type",   "begins_with",
                                  "contains",         "size",
                                  "if_not_exists",    "list_append"};
    bool found = false;
    for (const char* k : known) found |= n.op == k;
    if (!found) {
      throw ApiError::validation("Invalid " + std::string(expression_name_) +
                                 ": Invalid function name; function: " + n.op);
    }
    expect(Tok::LParen);
    if (peek().kind != Tok::RParen) {
      n.children.push_back(operand(depth + 1));
      while (peek().kind == Tok::Comma) {
        next();
        n.children.push_back(operand(depth + 1));
      }
    }
    expect(Tok::RParen);
    return n;
  }

  Path path() {
    Path p;
    p.elements.push_back(path_name());
    while (true) {
      if (peek().kind == Tok::Dot) {
        next();
        p.elements.push_back(path_name());
      } else if (peek().kind == Tok::LBracket) {
        next();
        if (peek().kind != Tok::Integer) syntax_error(pos_);
        PathElement e;
        e.is_index = true;
        e.index = static_cast<uint32_t>(std::min<unsigned long>(
            std::stoul(std::string(peek().text.substr(0, 9))), 0xFFFFFFFFu));
        next();
        expect(Tok::RBracket);
        p.elements.push_back(std::move(e));
      } else {
        return p;
      }
    }
  }

  PathElement path_name() {
    const Token& t = peek();
    PathElement e;
    if (t.kind == Tok::NamePlaceholder) {
      e.name = refs_.name(std::string(t.text));
    } else if (t.kind == Tok::Name && !is_keyword(t) &&
               !std::isdigit(static_cast<unsigned char>(t.text[0]))) {
      e.name = std::string(t.text);
    } else {
      syntax_error(pos_);
    }
    next();
    return e;
  }

  std::string_view text_;
  std::string_view expression_name_;
  AttributeRefs& refs_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace

Node parse_condition(std::string_view text, std::string_view expression_name, AttributeRefs& refs) {
  return Parser(text, expression_name, refs).condition_expression();
}

std::vector<Path> parse_projection(std::string_view text, AttributeRefs& refs) {
  return Parser(text, "ProjectionExpression", refs).projection();
}

}  // namespace ddb::expr
