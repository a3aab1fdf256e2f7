// The typed request-field helpers: every wrong type, overflow, fraction, bad date or oversized
// text is an invalid-input error naming the field, never an exception or a truncated value.
#include "core/http_fields.hpp"

#include <gtest/gtest.h>

#include "core/http.hpp"

namespace zt::http {
namespace {

using nlohmann::json;

// The error of a failed result, checked to be a 400 naming `field`.
template <class T>
void expect_refused(const Result<T>& r, const std::string& field) {
  ASSERT_FALSE(r.has_value()) << "accepted where " << field << " should be refused";
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(r.error().field, field);
  EXPECT_NE(r.error().message.find(field), std::string::npos) << r.error().message;
}

TEST(JsonDocument, NumberOverflowIsInvalidInputNotAnException) {
  for (const char* text : {R"({"a": 1e400})", R"({"a": -1e400})", "[1e400]"}) {
    auto r = parse_json_document(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
    EXPECT_EQ(r.error().field, "body");
  }
  EXPECT_TRUE(parse_json_document(R"({"a": 1e300})"));
}

TEST(JsonDocument, DeepNestingIsRefusedBeforeParsing) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  auto r = parse_json_document(deep);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("嵌套"), std::string::npos) << r.error().message;
  std::string ok(kMaxJsonDepth, '[');
  ok += std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(parse_json_document(ok));
  std::string over(kMaxJsonDepth + 1, '{');
  EXPECT_FALSE(parse_json_document(over));
  // Brackets inside strings (escaped quotes included) are text, not nesting.
  std::string text = R"({"a": "\")" + std::string(1000, '[') + R"("})";
  EXPECT_TRUE(parse_json_document(text)) << text;
}

TEST(JsonDocument, SyntaxAndUtf8FaultsAreInvalidInput) {
  EXPECT_FALSE(parse_json_document("{\"name\": "));
  EXPECT_FALSE(parse_json_document("{\"name\": \"\xff\"}"));
  Request req;
  req.body = "[1, 2]";
  auto r = parse_json_body(req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  req.body = R"({"percent": 1e400})";
  EXPECT_FALSE(parse_json_body(req));
}

TEST(IntField, RangeTypeAndFraction) {
  auto body = json::parse(R"({"percent": 4294967346, "neg": -1, "s": "5", "frac": 5.5,
                              "whole": 5.0, "huge": 18446744073709551615, "big_float": 1e20,
                              "min": -9223372036854775808, "t": true})");
  expect_refused(require_int(body, "percent", 0, 100), "percent");
  expect_refused(require_int(body, "neg", 0, 100), "neg");
  expect_refused(require_int(body, "s"), "s");
  expect_refused(require_int(body, "frac"), "frac");
  expect_refused(require_int(body, "huge"), "huge");
  expect_refused(require_int(body, "big_float"), "big_float");
  expect_refused(require_int(body, "t"), "t");
  expect_refused(require_int(body, "absent"), "absent");
  EXPECT_EQ(*require_int(body, "whole", 0, 10), 5);
  EXPECT_EQ(*require_int(body, "min"), kIntMin);
  EXPECT_EQ(*require_int(body, "neg", -1, 0), -1);
  auto none = optional_int(body, "absent", 0, 10);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  expect_refused(optional_int(body, "percent", 0, 100), "percent");
}

TEST(NumberField, FiniteAndInRange) {
  auto body = json::parse(R"({"fine": -5, "big": 1e308, "s": "10", "ok": 12.5, "n": null})");
  expect_refused(require_number(body, "fine", 0, 1e12), "fine");
  expect_refused(require_number(body, "big", 0, 1e12), "big");
  expect_refused(require_number(body, "s", 0, 1e12), "s");
  EXPECT_DOUBLE_EQ(*require_number(body, "ok", 0, 100), 12.5);
  auto n = optional_number(body, "n", 0, 1);
  ASSERT_TRUE(n);
  EXPECT_FALSE(*n);
  expect_refused(require_number(body, "n", 0, 1), "n");
}

TEST(BoolField, OnlyTrueOrFalse) {
  auto body = json::parse(R"({"reviewed": "yes", "one": 1, "ok": true, "off": false})");
  expect_refused(optional_bool(body, "reviewed"), "reviewed");
  expect_refused(optional_bool(body, "one"), "one");
  EXPECT_EQ(**optional_bool(body, "ok"), true);
  EXPECT_EQ(**optional_bool(body, "off"), false);
  EXPECT_FALSE(*optional_bool(body, "absent"));
}

TEST(StringField, LengthNulAndType) {
  json body{
      {"name", std::string("a\0b", 3)}, {"long", std::string(300, 'x')}, {"n", 3}, {"empty", ""}};
  expect_refused(require_string(body, "name"), "name");
  expect_refused(require_string(body, "long", false, kMaxName), "long");
  EXPECT_TRUE(require_string(body, "long"));
  expect_refused(require_string(body, "n"), "n");
  expect_refused(require_string(body, "empty"), "empty");
  EXPECT_EQ(*require_string(body, "empty", true), "");
  expect_refused(optional_string(body, "n"), "n");
}

TEST(StringArrayField, ItemsAndLengths) {
  json body{{"roles", {"a", 1}}, {"many", json(std::vector<std::string>(30, "x"))}, {"s", "x"}};
  expect_refused(string_array(body, "roles", 10, 10), "roles[1]");
  expect_refused(string_array(body, "many", 20, 10), "many");
  expect_refused(string_array(body, "s", 20, 10), "s");
  EXPECT_TRUE(string_array(body, "absent", 1, 1)->empty());
  EXPECT_EQ(string_array(body, "many", 30, 1)->size(), 30u);
}

TEST(DateField, ValidatedCalendarDates) {
  json body{
      {"a", "2024-13-45"}, {"b", "2023-02-29"}, {"c", 20240101}, {"d", "2024-02-29"}, {"e", ""}};
  expect_refused(require_date(body, "a"), "a");
  expect_refused(require_date(body, "b"), "b");
  expect_refused(require_date(body, "c"), "c");
  expect_refused(require_date(body, "absent"), "absent");
  EXPECT_EQ(format_date(*require_date(body, "d")), "2024-02-29");
  EXPECT_FALSE(*optional_date(body, "e"));
  expect_refused(optional_date(body, "a"), "a");
}

TEST(EnumField, OneOfTheList) {
  json body{{"token_type", "jwt"}, {"ok", "bearer"}};
  expect_refused(require_enum(body, "token_type", {"cookie", "bearer"}), "token_type");
  EXPECT_EQ(*require_enum(body, "ok", {"cookie", "bearer"}), "bearer");
  EXPECT_FALSE(*optional_enum(body, "absent", {"x"}));
}

TEST(ParseInt, WholeTextOnly) {
  for (const char* t : {"12abc", "", " 1", "1.0", "+-1", "0x10"})
    expect_refused(parse_int(t, "object"), "object");
  expect_refused(parse_int("99999999999999999999", "object"), "object");
  expect_refused(parse_int("0", "object", 1), "object");
  EXPECT_EQ(*parse_int("-42", "object"), -42);
}

TEST(QueryFields, NamedRefusalsAndEmptyAsAbsent) {
  Request req;
  req.query = {{"limit", "abc"},
               {"page", "-1"},
               {"from", "2024-13-45"},
               {"flag", "yes"},
               {"lat", "nan"},
               {"lon", "inf"},
               {"empty", ""},
               {"n", "7"},
               {"day", "2024-03-01"},
               {"cls", "E"},
               {"long", std::string(300, 'x')}};
  expect_refused(query_int(req, "limit", 1, 100), "limit");
  expect_refused(query_int(req, "page", 0, 100), "page");
  expect_refused(query_date(req, "from"), "from");
  expect_refused(query_flag(req, "flag"), "flag");
  expect_refused(query_number(req, "lat", -90, 90), "lat");
  expect_refused(query_number(req, "lon", -180, 180), "lon");
  expect_refused(query_enum(req, "cls", {"A", "B"}), "cls");
  expect_refused(query_string(req, "long"), "long");
  expect_refused(require_query_date(req, "absent"), "absent");
  EXPECT_NE(query_int(req, "limit", 1, 100).error().message.find("参数"), std::string::npos);
  EXPECT_EQ(*query_int_or(req, "empty", 10, 1, 50), 10);
  EXPECT_EQ(*query_int_or(req, "n", 10, 1, 50), 7);
  EXPECT_FALSE(*query_flag(req, "absent"));
  EXPECT_EQ(format_date(*require_query_date(req, "day")), "2024-03-01");
}

TEST(PathId, RangeIsChecked) {
  Request req;
  req.params = {{"seq", "4294967297"}, {"id", "12"}};
  expect_refused(path_id(req, "seq", 1000000), "seq");
  EXPECT_EQ(*path_id(req, "id"), 12);
}

}  // namespace
}  // namespace zt::http
