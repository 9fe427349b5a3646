#include "ddb/expr/parser.h"

#include <algorithm>
#include <cctype>

#include "common/recent_cache.h"
#include "ddb/error.h"

namespace ddb::expr {

std::string Path::describe() const {
  std::string out = "[";
  for (size_t i = 0; i < elements.size(); ++i) {
    if (i) out += ", ";
    out += elements[i].is_index ? "[" + std::to_string(elements[i].index) + "]" : elements[i].name;
  }
  return out + "]";
}

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

constexpr size_t kMaxExpressionBytes = 4096;

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
  Plus,
  Minus,
  Underscore,  // a name starts with a letter: "_a" is "_" then "a", and "_" is a syntax error
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

bool is_keyword(const Token& t) {
  return keyword_is(t, "AND") || keyword_is(t, "OR") || keyword_is(t, "NOT") ||
         keyword_is(t, "BETWEEN") || keyword_is(t, "IN");
}

class Parser {
 public:
  Parser(std::string_view text, std::string_view expression_name)
      : text_(text), expression_name_(expression_name) {
    if (text_.size() > kMaxExpressionBytes) {
      fail("Expression size has exceeded the maximum allowed size; expression size: " +
           std::to_string(text_.size()));
    }
    tokenize();
    if (tokens_.size() == 1) fail("The expression can not be empty;");
  }

  Node condition_expression() {
    Node n = or_condition(0);
    expect_end();
    return n;
  }

  std::vector<Path> projection() {
    std::vector<Path> paths;
    paths.push_back(path());
    while (peek().kind == Tok::Comma) {
      next();
      paths.push_back(path());
    }
    expect_end();
    return paths;
  }

  std::vector<UpdateAction> update() {
    std::vector<UpdateAction> actions;
    bool seen[4] = {false, false, false, false};
    do {
      const Token& t = peek();
      UpdateAction::Kind kind;
      if (keyword_is(t, "SET"))
        kind = UpdateAction::Kind::Set;
      else if (keyword_is(t, "REMOVE"))
        kind = UpdateAction::Kind::Remove;
      else if (keyword_is(t, "ADD"))
        kind = UpdateAction::Kind::Add;
      else if (keyword_is(t, "DELETE"))
        kind = UpdateAction::Kind::Delete;
      else
        syntax_error(pos_);
      int slot = static_cast<int>(kind);
      if (seen[slot]) {
        std::string upper(t.text);
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        fail("The \"" + upper + "\" section can only be used once in an update expression;");
      }
      seen[slot] = true;
      next();
      do {
        UpdateAction action;
        action.kind = kind;
        action.path = path();
        if (kind == UpdateAction::Kind::Set) {
          if (peek().kind != Tok::Compare || peek().text != "=") syntax_error(pos_);
          next();
          action.value = set_value(0);
        } else if (kind != UpdateAction::Kind::Remove) {
          action.value = operand(0);
        }
        actions.push_back(std::move(action));
      } while (peek().kind == Tok::Comma && (next(), true));
    } while (peek().kind != Tok::Eof);
    return actions;
  }

 private:
  static constexpr int kMaxDepth = 256;  // guards the recursion; DynamoDB's own limits are lower

  [[noreturn]] void fail(const std::string& message) {
    throw ApiError::request_validation("Invalid " + std::string(expression_name_) + ": " + message);
  }

  [[noreturn]] void syntax_error(size_t at) {
    const Token& t = tokens_[at];
    std::string token = t.kind == Tok::Eof ? "<EOF>" : std::string(t.text);
    size_t start = at > 0 ? tokens_[at - 1].offset : t.offset;
    size_t end = t.kind == Tok::Eof ? t.offset
                                    : (at + 1 < tokens_.size()
                                           ? tokens_[at + 1].offset + tokens_[at + 1].text.size()
                                           : t.offset + t.text.size());
    fail("Syntax error; token: \"" + token + "\", near: \"" +
         std::string(text_.substr(start, end - start)) + "\"");
  }

  [[noreturn]] void invalid_character(size_t offset) {
    fail("Syntax error; token: \"" + std::string(1, text_[offset]) + "\", near: \"" +
         std::string(text_.substr(offset, 2)) + "\"");
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
        // A name may not start with a digit; "1abc" lexes as a malformed name.
        if (i < text_.size() && is_word_char(text_[i])) {
          while (i < text_.size() && is_word_char(text_[i])) ++i;
          kind = Tok::Name;
        } else {
          kind = Tok::Integer;
        }
      } else if (c == '_') {
        // DynamoDB's names start with a letter: SET _a = :v and _f(a) are syntax errors at "_"
        // (pinned against DynamoDB by ScyllaDB Alternator's test_update_expression.py).
        ++i;
        kind = Tok::Underscore;
      } else if (is_word_char(c)) {
        while (i < text_.size() && is_word_char(text_[i])) ++i;
        kind = Tok::Name;
      } else if (c == '<' || c == '>') {
        ++i;
        if (i < text_.size() && (text_[i] == '=' || (c == '<' && text_[i] == '>'))) ++i;
        kind = Tok::Compare;
      } else {
        ++i;
        switch (c) {
          case '=':
            kind = Tok::Compare;
            break;
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
          case '+':
            kind = Tok::Plus;
            break;
          case '-':
            kind = Tok::Minus;
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
  void check_depth(int depth) {
    if (depth > kMaxDepth) syntax_error(pos_);
  }

  static Node binary(Node::Kind kind, Node left, Node right) {
    Node n;
    n.kind = kind;
    n.children.push_back(std::move(left));
    n.children.push_back(std::move(right));
    return n;
  }

  Node or_condition(int depth) {
    Node left = and_condition(depth);
    while (keyword_is(peek(), "OR")) {
      next();
      left = binary(Node::Kind::Or, std::move(left), and_condition(depth));
    }
    return left;
  }

  Node and_condition(int depth) {
    Node left = not_condition(depth);
    while (keyword_is(peek(), "AND")) {
      next();
      left = binary(Node::Kind::And, std::move(left), not_condition(depth));
    }
    return left;
  }

  Node not_condition(int depth) {
    check_depth(depth);
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
      // "(" opens either a condition or an operand, as in "(a) = :v": try the condition first.
      size_t start = pos_;
      try {
        next();
        Node n = or_condition(depth + 1);
        expect(Tok::RParen);
        if (n.parenthesized) {
          redundant_parentheses_ = true;  // not to be retried as an operand below
          fail("The expression has redundant parentheses;");
        }
        n.parenthesized = true;
        if (peek().kind != Tok::Compare && !keyword_is(peek(), "BETWEEN") &&
            !keyword_is(peek(), "IN")) {
          return n;
        }
      } catch (const ApiError&) {
        if (redundant_parentheses_ || !parenthesized_operand_at(start)) throw;
      }
      pos_ = start;
    }
    Node left = operand(depth);
    if (left.kind == Node::Kind::Function && peek().kind != Tok::Compare &&
        !keyword_is(peek(), "BETWEEN") && !keyword_is(peek(), "IN")) {
      return left;  // a function as a condition by itself (size() is refused when resolved)
    }
    return comparison_after(std::move(left), depth);
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

  // A SET value: an operand, or two joined by + or -, or a SET value in parentheses. DynamoDB
  // accepts `SET n = (n - :v)` and `SET n = (if_not_exists(n, :z) + :v)` (ElectroDB sends the
  // latter), but only one operator: `(a + b) - c` is a syntax error, as `a + b - c` is.
  Node set_value(int depth) {
    check_depth(depth);
    if (peek().kind == Tok::LParen && !parenthesized_operand_at(pos_)) {
      next();
      Node inner = set_value(depth + 1);
      expect(Tok::RParen);
      return inner;
    }
    Node left = operand(depth);
    if (peek().kind == Tok::Plus || peek().kind == Tok::Minus) {
      Node::Kind kind = next().kind == Tok::Plus ? Node::Kind::Plus : Node::Kind::Minus;
      return binary(kind, std::move(left), operand(depth));
    }
    return left;
  }

  // Whether the tokens at `at` are "(" operand ")": a parenthesised path, value or function.
  bool parenthesized_operand_at(size_t at) {
    size_t saved = pos_;
    pos_ = at;
    bool ok = false;
    try {
      next();
      operand(0);
      ok = peek().kind == Tok::RParen;
    } catch (const ApiError&) {
    }
    pos_ = saved;
    return ok;
  }

  Node operand(int depth) {
    check_depth(depth);
    if (peek().kind == Tok::LParen) {
      next();
      Node inner = operand(depth + 1);
      expect(Tok::RParen);
      return inner;
    }
    const Token& t = peek();
    if (t.kind == Tok::ValuePlaceholder) {
      next();
      Node n;
      n.kind = Node::Kind::Value;
      n.value_name = std::string(t.text);
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
    Node n;
    n.kind = Node::Kind::Function;
    n.op = std::string(next().text);
    static const char* known[] = {"attribute_exists", "attribute_not_exists",
                                  "attribute_type",   "begins_with",
                                  "contains",         "size",
                                  "if_not_exists",    "list_append"};
    if (std::none_of(std::begin(known), std::end(known),
                     [&](const char* k) { return n.op == k; })) {
      fail("Invalid function name; function: " + n.op);
    }
    expect(Tok::LParen);
    n.children.push_back(function_argument(depth + 1));
    while (peek().kind == Tok::Comma) {
      next();
      n.children.push_back(function_argument(depth + 1));
    }
    expect(Tok::RParen);
    return n;
  }

  Node function_argument(int depth) {
    // A path, a value or a function: `if_not_exists(a, :x + :y)` is a syntax error in DynamoDB,
    // while `if_not_exists(a, :x) + :y` is a SET value.
    return operand(depth);
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
        std::string_view digits = peek().text;
        e.index = digits.size() > 9 ? 0xFFFFFFFFu
                                    : static_cast<uint32_t>(std::stoul(std::string(digits)));
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
      e.placeholder = true;
      e.name = std::string(t.text);
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
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  bool redundant_parentheses_ = false;
};

}  // namespace

// Each kind of expression keeps the trees of the last 16 texts this thread parsed: an application
// sends the same few expressions with new values each time, and a copy of a kept tree costs a
// fraction of a parse. A tree does not depend on the parameter it came in (only an error's
// wording does), and an expression that does not parse is not kept: it throws again each time.
constexpr size_t kKeptTrees = 16;

Node parse_condition(std::string_view text, std::string_view expression_name) {
  thread_local common::RecentCache<Node> kept(kKeptTrees);
  if (const Node* tree = kept.find(text)) return *tree;
  return kept.put(text, Parser(text, expression_name).condition_expression());
}

std::vector<Path> parse_projection(std::string_view text) {
  thread_local common::RecentCache<std::vector<Path>> kept(kKeptTrees);
  if (const auto* paths = kept.find(text)) return *paths;
  return kept.put(text, Parser(text, "ProjectionExpression").projection());
}

std::vector<UpdateAction> parse_update(std::string_view text) {
  thread_local common::RecentCache<std::vector<UpdateAction>> kept(kKeptTrees);
  if (const auto* actions = kept.find(text)) return *actions;
  return kept.put(text, Parser(text, "UpdateExpression").update());
}

}  // namespace ddb::expr
