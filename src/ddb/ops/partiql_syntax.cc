#include "ddb/ops/partiql_syntax.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <limits>

#include "common/ascii.h"
#include "common/recent_cache.h"
#include "ddb/error.h"
#include "ddb/value/json_codec.h"

namespace ddb::partiql {

void malformed(const std::string& detail) {
  throw ApiError::validation("Statement wasn't well formed, can't be processed: " + detail);
}

namespace {

bool is_word_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    Token t;
    t.offset = i;
    if (is_word_start(c)) {
      size_t start = i;
      while (i < s.size() && is_word_char(s[i])) ++i;
      t.kind = Token::Kind::Word;
      t.text = std::string(s.substr(start, i - start));
    } else if (c == '"' || c == '\'') {
      // "name" and 'string'; the quote doubled stands for itself.
      t.kind = c == '"' ? Token::Kind::QuotedName : Token::Kind::String;
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == c) {
          if (i + 1 < s.size() && s[i + 1] == c) {
            t.text += c;
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        t.text += s[i++];
      }
      if (!closed) malformed("Unterminated quoted text");
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < s.size() &&
                std::isdigit(static_cast<unsigned char>(s[i + 1])) &&
                (out.empty() || out.back().kind == Token::Kind::Symbol))) {
      size_t start = i;
      while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
      if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      }
      t.kind = Token::Kind::Number;
      t.text = std::string(s.substr(start, i - start));
    } else if (c == '?') {
      t.kind = Token::Kind::Parameter;
      t.text = "?";
      ++i;
    } else {
      static const char* const kSymbols[] = {"<<", ">>", "<>", "!=", "<=", ">=", "=",
                                             "<",  ">",  "(",  ")",  "[",  "]",  "{",
                                             "}",  ",",  ".",  "*",  ":",  "+",  "-"};
      t.kind = Token::Kind::Symbol;
      for (const char* sym : kSymbols) {
        if (s.substr(i, std::strlen(sym)) == sym) {
          t.text = sym;
          break;
        }
      }
      if (t.text.empty()) malformed("Unexpected character '" + std::string(1, c) + "'");
      i += t.text.size();
    }
    t.length = i - t.offset;
    out.push_back(std::move(t));
  }
  Token end;
  end.offset = s.size();
  out.push_back(std::move(end));
  return out;
}

// The tokens of `statement`, from this thread's cache of the statements it read last: an
// application sends the same few statements with new parameters each time, and reading one into
// tokens was ~6,000 of a SELECT by key's ~68,000 instructions (callgrind, bench/instructions
// --scenarios partiql_get). A statement that does not read is not kept (tokenize throws).
std::shared_ptr<const std::vector<Token>> tokens_of(std::string_view statement) {
  thread_local common::RecentCache<std::shared_ptr<const std::vector<Token>>> cache(16);
  if (const auto* tokens = cache.find(statement)) return *tokens;
  return cache.put(statement, std::make_shared<const std::vector<Token>>(tokenize(statement)));
}

}  // namespace

std::string Placeholders::name(const std::string& n) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == n) return "#p" + std::to_string(i);
  }
  names.push_back(n);
  return "#p" + std::to_string(names.size() - 1);
}

std::string Placeholders::value(const std::string& json) {
  values.push_back(json);
  return ":p" + std::to_string(values.size() - 1);
}

std::string Placeholders::path(const Path& p) {
  std::string out;
  for (const auto& step : p.steps) {
    if (step.index >= 0) {
      out += "[" + std::to_string(step.index) + "]";
    } else {
      if (!out.empty()) out += ".";
      out += name(step.name);
    }
  }
  return out;
}

void Placeholders::write(common::JsonWriter& w) const {
  if (!names.empty()) {
    w.key("ExpressionAttributeNames");
    w.begin_object();
    for (size_t i = 0; i < names.size(); ++i) {
      w.key("#p" + std::to_string(i));
      w.string(names[i]);
    }
    w.end_object();
  }
  if (!values.empty()) {
    w.key("ExpressionAttributeValues");
    w.begin_object();
    for (size_t i = 0; i < values.size(); ++i) {
      w.key(":p" + std::to_string(i));
      w.raw(values[i]);
    }
    w.end_object();
  }
}

std::string render(const Operand& o, Placeholders& ph) {
  switch (o.kind) {
    case Operand::Kind::Path:
      return ph.path(o.path);
    case Operand::Kind::Size:
      return "size(" + ph.path(o.path) + ")";
    default:
      return ph.value(o.value);
  }
}

std::string render(const Condition& c, Placeholders& ph) {
  using K = Condition::Kind;
  switch (c.kind) {
    case K::And:
    case K::Or: {
      std::string out = "(";
      for (size_t i = 0; i < c.children.size(); ++i) {
        if (i) out += c.kind == K::And ? " AND " : " OR ";
        out += render(c.children[i], ph);
      }
      return out + ")";
    }
    case K::Not:
      return "(NOT " + render(c.children[0], ph) + ")";
    case K::Compare:
      return render(c.operands[0], ph) + " " + c.op + " " + render(c.operands[1], ph);
    case K::Between:
      return render(c.operands[0], ph) + " BETWEEN " + render(c.operands[1], ph) + " AND " +
             render(c.operands[2], ph);
    case K::In: {
      std::string out = render(c.operands[0], ph) + " IN (";
      for (size_t i = 1; i < c.operands.size(); ++i) {
        if (i > 1) out += ", ";
        out += render(c.operands[i], ph);
      }
      return out + ")";
    }
    case K::Missing:
      return "attribute_not_exists(" + ph.path(c.operands[0].path) + ")";
    case K::NotMissing:
      return "attribute_exists(" + ph.path(c.operands[0].path) + ")";
    case K::Null:
      return "attribute_type(" + ph.path(c.operands[0].path) + ", " + ph.value(R"({"S":"NULL"})") +
             ")";
    case K::NotNull: {
      std::string p = ph.path(c.operands[0].path);
      return "(attribute_exists(" + p + ") AND NOT attribute_type(" + p + ", " +
             ph.value(R"({"S":"NULL"})") + "))";
    }
    default: {
      std::string out = c.op + "(";
      for (size_t i = 0; i < c.operands.size(); ++i) {
        if (i) out += ", ";
        out += render(c.operands[i], ph);
      }
      return out + ")";
    }
  }
}

std::optional<size_t> parameter_mark(std::string_view value) {
  if (value.size() < 3 || value.front() != kParameterMark || value.back() != kParameterMark) {
    return std::nullopt;
  }
  size_t index = 0;
  const char* end = value.data() + value.size() - 1;
  auto [at, error] = std::from_chars(value.data() + 1, end, index);
  if (error != std::errc() || at != end) return std::nullopt;
  return index;
}

std::string value_mark(size_t index) {
  return kParameterMark + std::to_string(index) + kParameterMark;
}

std::string map_members_mark(size_t index) {
  return kParameterMark + std::to_string(index) + 'M' + kParameterMark;
}

Parser::Parser(std::string_view text, const std::vector<simdjson::dom::element>& parameters,
               bool placeholders)
    : text_(text), tokens_(tokens_of(text)), parameters_(parameters), placeholders_(placeholders) {}

std::string Parser::at(const Token& t) const {
  auto starts_character = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  size_t line = 1, column = 1, length = 0;
  for (size_t i = 0; i < t.offset; ++i) {
    if (text_[i] == '\n') {
      ++line;
      column = 1;
    } else if (starts_character(text_[i])) {
      ++column;
    }
  }
  for (size_t i = t.offset; i < t.offset + t.length; ++i) length += starts_character(text_[i]);
  return " at " + std::to_string(line) + ":" + std::to_string(column) + ":" +
         std::to_string(length);
}

bool Parser::at_end() const {
  return peek().kind == Token::Kind::End;
}

Condition Parser::condition() {
  return or_condition();
}

const Token& Parser::peek(size_t ahead) const {
  return (*tokens_)[std::min(pos_ + ahead, tokens_->size() - 1)];
}

bool Parser::word(std::string_view w, size_t ahead) const {
  return peek(ahead).kind == Token::Kind::Word && common::iequals(peek(ahead).text, w);
}

bool Parser::call(std::string_view function) const {
  return peek().kind == Token::Kind::Word && (function.empty() || word(function)) &&
         peek(1).kind == Token::Kind::Symbol && peek(1).text == "(";
}

bool Parser::symbol(std::string_view s) const {
  return peek().kind == Token::Kind::Symbol && peek().text == s;
}

void Parser::expect_word(std::string_view w) {
  if (!word(w)) unexpected();
  ++pos_;
}

void Parser::expect_symbol(std::string_view s) {
  if (!symbol(s)) unexpected();
  ++pos_;
}

bool Parser::accept_word(std::string_view w) {
  if (!word(w)) return false;
  ++pos_;
  return true;
}

bool Parser::accept_symbol(std::string_view s) {
  if (!symbol(s)) return false;
  ++pos_;
  return true;
}

[[noreturn]] void Parser::unexpected() const {
  if (peek().kind == Token::Kind::End) malformed("Unexpected end of statement");
  malformed("Unexpected token: " + peek().text);
}

std::string Parser::name() {
  const Token& t = peek();
  if (t.kind != Token::Kind::Word && t.kind != Token::Kind::QuotedName) unexpected();
  ++pos_;
  return t.text;
}

std::pair<std::string, std::string> Parser::table_reference() {
  std::vector<std::string> parts{name()};
  while (accept_symbol(".")) parts.push_back(name());
  // As DynamoDB words these (nubo-db/dynamodb-conformance, tier3 partiql.test.ts).
  if (parts.size() > 2) {
    throw ApiError::validation("A path may contain at most 2 components in the FROM clause");
  }
  for (const auto& p : parts) {
    if (p.empty()) throw ApiError::validation("Path component cannot be an empty string");
  }
  return {parts[0], parts.size() == 2 ? parts[1] : std::string()};
}

namespace {

// The words PartiQL's lexer reads as keywords (SQL-92's, and PartiQL's own of its first
// releases: partiql-lang-kotlin, syntax/LexerConstants.kt), sorted. After a dot DynamoDB takes
// only a name, a quoted name or `*`, so an unquoted keyword there (`m.inner`) is refused with
// "Invalid path dot component" (DynamoDB, eu-west-2, October 2026: paritysuite/
// dynamodb-conformance, tier3/error-messages/partiqlFunctions.test.ts). Keywords PartiQL added
// later (`new`, `old`, `let`, `offset`, `conflict`, ...) are left out: a name DynamoDB's
// parser may take is not refused on a guess.
// clang-format off
constexpr std::string_view kKeywords[] = {
    "absolute", "action", "add", "all", "allocate", "alter", "and", "any", "are", "as", "asc",
    "assertion", "at", "authorization", "avg", "bag", "begin", "between", "bigint", "bit",
    "bit_length", "blob", "bool", "boolean", "by", "cascade", "cascaded", "case", "cast",
    "catalog", "char", "char_length", "character", "character_length", "check", "clob", "close",
    "coalesce", "collate", "collation", "column", "commit", "connect", "connection", "constraint",
    "constraints", "continue", "convert", "corresponding", "count", "create", "cross", "current",
    "current_date", "current_time", "current_timestamp", "current_user", "cursor", "date",
    "deallocate", "dec", "decimal", "declare", "default", "deferrable", "deferred", "delete",
    "desc", "describe", "descriptor", "diagnostics", "disconnect", "distinct", "domain", "double",
    "drop", "else", "end", "escape", "except", "exception", "exec", "execute", "exists",
    "external", "extract", "false", "fetch", "first", "float", "for", "foreign", "found", "from",
    "full", "get", "global", "go", "goto", "grant", "group", "having", "identity", "immediate",
    "in", "index", "indicator", "initially", "inner", "input", "insensitive", "insert", "int",
    "integer", "intersect", "interval", "into", "is", "isolation", "join", "key", "language",
    "last", "left", "level", "like", "limit", "list", "local", "lower", "match", "max", "min",
    "missing", "module", "names", "national", "natural", "nchar", "next", "no", "not", "null",
    "nullif", "numeric", "octet_length", "of", "on", "only", "open", "option", "or", "order",
    "outer", "output", "overlaps", "pad", "partial", "pivot", "position", "precision", "prepare",
    "preserve", "primary", "prior", "privileges", "procedure", "public", "read", "real",
    "references", "relative", "remove", "restrict", "revoke", "right", "rollback", "rows",
    "schema", "scroll", "section", "select", "session", "session_user", "set", "sexp", "size",
    "smallint", "some", "space", "sql", "sqlcode", "sqlerror", "sqlstate", "string", "struct",
    "substring", "sum", "symbol", "system_user", "table", "temporary", "then", "time", "timestamp",
    "to", "transaction", "translate", "translation", "trim", "true", "tuple", "union", "unique",
    "unknown", "unpivot", "update", "upper", "usage", "user", "using", "value", "values",
    "varchar", "varying", "view", "when", "whenever", "where", "with", "work", "write", "zone"};
// clang-format on

static_assert(std::is_sorted(std::begin(kKeywords), std::end(kKeywords)));

bool is_keyword(std::string_view word) {
  return std::binary_search(std::begin(kKeywords), std::end(kKeywords),
                            std::string_view(common::ascii_lower(word)));
}

}  // namespace

Path Parser::path() {
  Path p;
  p.steps.push_back({name(), -1});
  while (true) {
    if (accept_symbol(".")) {
      if (peek().kind == Token::Kind::Word && is_keyword(peek().text)) {
        malformed("Invalid path dot component");
      }
      p.steps.push_back({name(), -1});
    } else if (accept_symbol("[")) {
      // A list index is a whole number as written: "[1.5]", "[.0]" or "[1e3]" is none. One of
      // more than 9 digits stands past any list (DynamoDB caps an item at 400 KB), as in
      // expressions. (std::stoi had thrown on "[.0]", answering a 500 named "stoi".)
      const std::string& digits = peek().text;
      if (peek().kind != Token::Kind::Number ||
          digits.find_first_not_of("0123456789") != std::string::npos) {
        unexpected();
      }
      p.steps.push_back(
          {"", digits.size() > 9 ? std::numeric_limits<int>::max() : std::stoi(digits)});
      ++pos_;
      expect_symbol("]");
    } else {
      return p;
    }
  }
}

std::string Parser::literal() {
  const Token& t = peek();
  common::JsonWriter w;
  switch (t.kind) {
    case Token::Kind::String:
      ++pos_;
      w.begin_object();
      w.key("S");
      w.string(t.text);
      w.end_object();
      return w.take();
    case Token::Kind::Number:
      ++pos_;
      return number_json(t.text);
    case Token::Kind::Parameter: {
      ++pos_;
      if (placeholders_) {
        return value_mark(next_parameter_++);
      }
      if (next_parameter_ >= parameters_.size()) {
        throw ApiError::validation("Number of parameters in request and statement don't match.");
      }
      copy_json(w, parameters_[next_parameter_++]);
      return w.take();
    }
    case Token::Kind::Word:
      if (accept_word("true")) return R"({"BOOL":true})";
      if (accept_word("false")) return R"({"BOOL":false})";
      if (accept_word("null")) return R"({"NULL":true})";
      if (call()) {
        // A function where a value belongs, however deep in the item: DynamoDB names the
        // function and "key root" (DynamoDB, eu-west-2, October 2026: paritysuite/
        // dynamodb-conformance, tier3/error-messages/partiqlFunctions.test.ts).
        throw ApiError::validation("Unsupported data type: " + common::ascii_lower(t.text) +
                                   " under key root" + at(t));
      }
      unexpected();
    default:
      break;
  }
  if (accept_symbol("-")) {
    if (peek().kind != Token::Kind::Number) unexpected();
    return number_json("-" + (*tokens_)[pos_++].text);
  }
  if (accept_symbol("[")) {
    std::string out = R"({"L":[)";
    for (bool first = true; !accept_symbol("]"); first = false) {
      if (!first) expect_symbol(",");
      out += (first ? "" : ",") + literal();
    }
    return out + "]}";
  }
  if (accept_symbol("{")) {
    w.begin_object();
    w.key("M");
    w.begin_object();
    for (bool first = true; !accept_symbol("}"); first = false) {
      if (!first) expect_symbol(",");
      if (peek().kind != Token::Kind::String) unexpected();
      w.key((*tokens_)[pos_++].text);
      expect_symbol(":");
      w.raw(literal());
    }
    w.end_object();
    w.end_object();
    return w.take();
  }
  if (accept_symbol("<<")) {
    // A set: of strings or numbers, as its members are (binary sets come as parameters).
    std::vector<std::string> members;
    bool numbers = false, strings = false;
    for (bool first = true; !accept_symbol(">>"); first = false) {
      if (!first) expect_symbol(",");
      const Token& m = peek();
      if (m.kind == Token::Kind::String) {
        strings = true;
        members.push_back(m.text);
        ++pos_;
      } else if (m.kind == Token::Kind::Number) {
        numbers = true;
        members.push_back(m.text);
        ++pos_;
      } else if (accept_symbol("-") && peek().kind == Token::Kind::Number) {
        numbers = true;
        members.push_back("-" + (*tokens_)[pos_++].text);
      } else {
        unexpected();
      }
    }
    if (numbers && strings) malformed("A set's members must all be of one type");
    // An empty set, or one naming a member twice, is refused as the statement is read, its
    // members listed as written (DynamoDB, eu-west-2, October 2026:
    // paritysuite/dynamodb-conformance, tier3/error-messages/partiqlFunctions.test.ts).
    if (members.empty()) throw ApiError::validation("Empty bags are not supported");
    for (size_t i = 1; i < members.size(); ++i) {
      if (std::find(members.begin(), members.begin() + i, members[i]) == members.begin() + i) {
        continue;
      }
      std::string listed;
      for (const auto& m : members) listed += (listed.empty() ? "" : ", ") + m;
      throw ApiError::validation("One or more parameter values were invalid: Input collection [" +
                                 listed + "] contains duplicates.");
    }
    w.begin_object();
    w.key(numbers ? "NS" : "SS");
    w.begin_array();
    for (const auto& m : members) w.string(m);
    w.end_array();
    w.end_object();
    return w.take();
  }
  unexpected();
}

Operand Parser::operand() {
  Operand o;
  if (call("size")) {
    pos_ += 2;
    o.kind = Operand::Kind::Size;
    o.path = path();
    expect_symbol(")");
    return o;
  }
  if (call()) {
    // A call of a function that has no place here (DynamoDB, eu-west-2, October 2026:
    // paritysuite/dynamodb-conformance, tier3/error-messages/partiqlFunctions.test.ts).
    throw ApiError::validation("Unrecognized function: " + common::ascii_lower(peek().text) +
                               at(peek()));
  }
  if (peek().kind == Token::Kind::QuotedName ||
      (peek().kind == Token::Kind::Word && !word("true") && !word("false") && !word("null"))) {
    o.kind = Operand::Kind::Path;
    o.path = path();
    return o;
  }
  o.kind = Operand::Kind::Value;
  o.value = literal();
  return o;
}

Condition Parser::or_condition() {
  Condition first = and_condition();
  if (!word("OR")) return first;
  Condition c;
  c.kind = Condition::Kind::Or;
  c.children.push_back(std::move(first));
  while (accept_word("OR")) c.children.push_back(and_condition());
  return c;
}

Condition Parser::and_condition() {
  Condition first = not_condition();
  if (!word("AND")) return first;
  Condition c;
  c.kind = Condition::Kind::And;
  c.children.push_back(std::move(first));
  while (accept_word("AND")) c.children.push_back(not_condition());
  return c;
}

Condition Parser::not_condition() {
  if (accept_word("NOT")) {
    Condition c;
    c.kind = Condition::Kind::Not;
    c.children.push_back(not_condition());
    return c;
  }
  return primary();
}

Condition Parser::primary() {
  if (accept_symbol("(")) {
    Condition c = or_condition();
    expect_symbol(")");
    return c;
  }
  // attribute_exists(path) and attribute_not_exists(path), in any case, are IS NOT MISSING and
  // IS MISSING, and may be compared with true or false (DynamoDB, eu-west-2, October 2026:
  // paritysuite/dynamodb-conformance, tier2/partiql/whereFunctions.test.ts).
  for (bool exists : {true, false}) {
    std::string function = exists ? "attribute_exists" : "attribute_not_exists";
    if (!call(function)) continue;
    pos_ += 2;
    // Refused in the words of the expressions' own checks (same source,
    // tier3/error-messages/partiqlFunctions.test.ts).
    auto operands = [&](size_t n) {
      throw ApiError::validation(
          "Incorrect number of operands for operator or function; operator or function: " +
          function + ", number of operands: " + std::to_string(n));
    };
    if (symbol(")")) operands(0);
    if (peek().kind == Token::Kind::String || peek().kind == Token::Kind::Parameter) {
      throw ApiError::validation(
          "Operator or function requires a document path; operator or function: " + function);
    }
    Condition c;
    c.kind = exists ? Condition::Kind::NotMissing : Condition::Kind::Missing;
    c.operands.push_back({Operand::Kind::Path, path(), ""});
    if (symbol(",")) {
      size_t n = 1;
      while (accept_symbol(",")) {
        operand();
        ++n;
      }
      operands(n);
    }
    expect_symbol(")");
    if (symbol("=") && (word("true", 1) || word("false", 1))) {
      bool holds = word("true", 1);
      pos_ += 2;
      if (!holds) c = negated(std::move(c));
    }
    return c;
  }
  static const char* const kFunctions[] = {"begins_with", "contains", "attribute_type"};
  for (const char* f : kFunctions) {
    if (call(f)) {
      pos_ += 2;
      Condition c;
      c.kind = Condition::Kind::Call;
      c.op = f;
      c.operands.push_back(operand());
      expect_symbol(",");
      c.operands.push_back(operand());
      expect_symbol(")");
      return c;
    }
  }
  Condition c;
  c.operands.push_back(operand());
  if (accept_word("IS")) {
    bool is_not = accept_word("NOT");
    if (c.operands[0].kind != Operand::Kind::Path) unexpected();
    if (accept_word("MISSING")) {
      c.kind = is_not ? Condition::Kind::NotMissing : Condition::Kind::Missing;
    } else if (accept_word("NULL")) {
      c.kind = is_not ? Condition::Kind::NotNull : Condition::Kind::Null;
    } else if (word("BOOL") || word("STRING")) {
      // A type name tests the attribute's type (same source; the names it pins).
      c.kind = Condition::Kind::Call;
      c.op = "attribute_type";
      c.operands.push_back(
          {Operand::Kind::Value, {}, word("BOOL") ? R"({"S":"BOOL"})" : R"({"S":"S"})"});
      ++pos_;
      if (is_not) return negated(std::move(c));
    } else {
      unexpected();
    }
    return c;
  }
  if (accept_word("BETWEEN")) {
    c.kind = Condition::Kind::Between;
    c.operands.push_back(operand());
    expect_word("AND");
    c.operands.push_back(operand());
    return c;
  }
  if (accept_word("IN")) {
    c.kind = Condition::Kind::In;
    std::string close = accept_symbol("[") ? "]" : (expect_symbol("("), ")");
    for (bool first = true; !accept_symbol(close); first = false) {
      if (!first) expect_symbol(",");
      c.operands.push_back(operand());
    }
    return c;
  }
  const Token& t = peek();
  static const char* const kComparisons[] = {"=", "<>", "!=", "<", "<=", ">", ">="};
  for (const char* op : kComparisons) {
    if (t.kind == Token::Kind::Symbol && t.text == op) {
      ++pos_;
      c.kind = Condition::Kind::Compare;
      c.op = std::string(op) == "!=" ? "<>" : op;
      c.operands.push_back(operand());
      return c;
    }
  }
  unexpected();
}

Condition Parser::negated(Condition c) {
  Condition n;
  n.kind = Condition::Kind::Not;
  n.children.push_back(std::move(c));
  return n;
}

std::string Parser::number_json(const std::string& text) {
  common::JsonWriter w;
  w.begin_object();
  w.key("N");
  w.string(text);
  w.end_object();
  return w.take();
}

}  // namespace ddb::partiql
