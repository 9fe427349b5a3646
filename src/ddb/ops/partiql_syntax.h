// The syntax of DynamoDB's PartiQL: tokens, the parts of a statement (paths, operands,
// conditions) and the parser that reads them; compiled onto the engine's operations by
// partiql.cc. Internal to the operations.
#pragma once

#include <simdjson.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json_writer.h"
#include "ddb/ops/partiql.h"

namespace ddb::partiql {

// Throws DynamoDB's ValidationException for a statement that is not well formed.
[[noreturn]] void malformed(const std::string& detail);

struct Token {
  enum class Kind { End, Word, QuotedName, String, Number, Symbol, Parameter };
  Kind kind = Kind::End;
  std::string text;   // a word as written, a name or string unquoted, a symbol
  size_t offset = 0;  // where it starts in the statement, in bytes
  size_t length = 0;  // its length as written, in bytes
};

struct Path {
  std::vector<PathStep> steps;
  // The attribute it starts at, when it is just that attribute (no map key or index after it).
  std::optional<std::string> top_only() const {
    if (steps.size() == 1 && steps[0].index < 0) return steps[0].name;
    return std::nullopt;
  }
};

struct Operand {
  enum class Kind { Path, Value, Size } kind = Kind::Value;
  Path path;          // Path, Size
  std::string value;  // Value: DynamoDB JSON of the attribute value
};

struct Condition {
  enum class Kind { And, Or, Not, Compare, Between, In, Missing, NotMissing, Null, NotNull, Call };
  Kind kind = Kind::Compare;
  std::string op;  // Compare: = <> < <= > >=; Call: the function
  std::vector<Operand> operands;
  std::vector<Condition> children;
};

// Placeholders for the compiled expressions: #p0.. for names, :p0.. for values.
// Placeholders for the compiled expressions: #p0.. for names, :p0.. for values.
struct Placeholders {
  std::vector<std::string> names;
  std::vector<std::string> values;  // JSON

  std::string name(const std::string& n);
  std::string value(const std::string& json);
  std::string path(const Path& p);
  // ExpressionAttributeNames and ExpressionAttributeValues, if any, as members of `w`'s object.
  void write(common::JsonWriter& w) const;
};

// An operand or condition as DynamoDB expression text, its names and values as placeholders.
std::string render(const Operand& o, Placeholders& ph);
std::string render(const Condition& c, Placeholders& ph);

// Where the i-th `?` parameter's value goes in the text a statement compiles to, when it is
// compiled for any parameters (Parser's `placeholders`): "\x01<i>\x01", bytes no JSON text of a
// value holds unescaped.
constexpr char kParameterMark = '\x01';

// The index of the parameter `value` stands for, when it is a mark ("\x01<i>\x01").
std::optional<size_t> parameter_mark(std::string_view value);

// The mark of parameter `index`'s value ("\x01<i>\x01"), and of its map's members
// ("\x01<i>M\x01": the item of INSERT ... VALUE ?, whose parameter must then be a map).
std::string value_mark(size_t index);
std::string map_members_mark(size_t index);

// A parameter whose value compiling reads: compiled for any parameters, the statement stands
// only for values of this shape (others are refused, in words a fresh compile gives).
struct ShapedParameter {
  enum class Shape { Map, Set } shape;  // {"M": ...}; {"SS"|"NS"|"BS": ...}
  size_t index;
};

// Reads a statement token by token; `?` parameters are taken in order from `parameters`, or,
// with `placeholders`, stand as marks (kParameterMark) for values bound later. The statement
// and the parameters must outlive the parser.
class Parser {
 public:
  Parser(std::string_view text, const std::vector<simdjson::dom::element>& parameters,
         bool placeholders = false);

  const Token& peek(size_t ahead = 0) const;
  bool word(std::string_view w, size_t ahead = 0) const;  // the keyword, in any case
  // Whether a call comes next: a word and "(" (the word `function`, in any case, when given).
  bool call(std::string_view function = {}) const;
  bool symbol(std::string_view s) const;
  void expect_word(std::string_view w);
  void expect_symbol(std::string_view s);
  bool accept_word(std::string_view w);
  bool accept_symbol(std::string_view s);
  [[noreturn]] void unexpected() const;
  // " at <line>:<column>:<length>" for `t`, as DynamoDB places a message in the statement
  // (lines and columns from 1; columns and length in characters).
  std::string at(const Token& t) const;
  bool at_end() const;
  size_t parameters_used() const { return next_parameter_; }
  // Records that the statement compiled stands only when parameter `index` has `shape`.
  void require(size_t index, ShapedParameter::Shape shape) { shaped_.push_back({shape, index}); }
  const std::vector<ShapedParameter>& shaped() const { return shaped_; }

  std::string name();
  // "table" or "table"."index".
  std::pair<std::string, std::string> table_reference();
  Path path();
  // A literal as DynamoDB JSON: 'string', number, true, false, null, ?, [list], <<set>>,
  // {'map': value}.
  std::string literal();
  Operand operand();
  Condition condition();

 private:
  Condition or_condition();
  Condition and_condition();
  Condition not_condition();
  Condition primary();
  static Condition negated(Condition c);  // NOT c
  static std::string number_json(const std::string& text);

  std::string_view text_;  // the statement, which outlives the parser
  std::shared_ptr<const std::vector<Token>> tokens_;
  size_t pos_ = 0;
  const std::vector<simdjson::dom::element>& parameters_;
  bool placeholders_ = false;
  size_t next_parameter_ = 0;
  std::vector<ShapedParameter> shaped_;
};

}  // namespace ddb::partiql
