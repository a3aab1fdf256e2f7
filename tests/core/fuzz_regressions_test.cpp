// Inputs the fuzz harnesses (fuzz/) found crashing or hanging core parsers, each kept as it was
// found (or cut to the part that matters) so the defect cannot come back.
#include <gtest/gtest.h>

#include "core/http.hpp"
#include "core/http_fields.hpp"
#include "core/http_server.hpp"
#include "core/ooxml.hpp"
#include "support/office_files.hpp"

namespace zt::http {
namespace {

Request json_request(std::string body) {
  Request req;
  req.method = "POST";
  req.headers["content-type"] = "application/json";
  req.body = std::move(body);
  return req;
}

// json_body_fuzz: nlohmann reports a number beyond double as out_of_range, which parse_json_body
// once did not catch (a 500 on every route with a body, anonymous ones included).
TEST(FuzzRegressions, JsonNumberOutOfRangeIsAnInvalidBodyNotAnException) {
  for (const char* body : {"6E66666666666666666666666666000000000000", "{\"percent\":1e400}",
                           "[-1e99999]", "{\"a\":{\"b\":[1,2,3e309]}}"}) {
    Result<nlohmann::json> j;
    EXPECT_NO_THROW(j = parse_json_body(json_request(body))) << body;
    ASSERT_FALSE(j) << body;
    EXPECT_EQ(j.error().kind, ErrorKind::kInvalidInput) << body;
    EXPECT_NE(j.error().message.find("超出"), std::string::npos) << j.error().message;
  }
  auto t = parse_json_document("1e400", "body");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().field, "body");
  EXPECT_TRUE(parse_json_document("[1e308]", "body"));
}

// http_request_fuzz: a body shorter than its Content-Length, and no bytes at all, end as a
// read from a closed connection does (an error), not in a loop or an assertion.
TEST(FuzzRegressions, RequestParserEndsOnTruncatedBodyAndEmptyInput) {
  const std::string truncated =
      "POST /auserpi/v1/auth/login HTTP/1.1\r\nHost: zt\r\nContent-Type: application/json\r\n"
      "Content-Length: 94\r\n\r\n{\"username\":\"admin\",\"password\":\"Zhengtong@202'\"}";
  auto r = Server::parse_request(truncated, 1 << 20);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_FALSE(Server::parse_request("", 1 << 20));
  auto whole = Server::parse_request(
      "GET /api/v1/users/12?name=%E5%BC%A0 HTTP/1.1\r\nHost: zt\r\nX-Request-Id: r-1\r\n\r\n",
      1 << 20);
  ASSERT_TRUE(whole) << whole.error().message;
  EXPECT_EQ(whole->path, "/api/v1/users/12");
  EXPECT_EQ(whole->query.at("name"), "张");
  EXPECT_EQ(whole->request_id, "r-1");
  auto big = Server::parse_request("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world", 5);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().kind, ErrorKind::kTooLarge);
}

// xlsx_fuzz: a 16-letter cell reference overflowed int while its column was summed, before the
// "past XFD" check (undefined behaviour on any .xlsx upload); a row number of INT_MAX overflowed
// the next row's. Both are refused as invalid files now.
TEST(FuzzRegressions, XlsxReferencesPastTheLastColumnOrRowAreRefused) {
  for (const std::string data :
       {R"(<row r="1"><c r="HHHHHHHHHHHHHHA1" t="inlineStr"><is><t>x</t></is></c></row>)",
        R"(<row r="1"><c r="XFE1" t="inlineStr"><is><t>x</t></is></c></row>)",
        R"(<row r="2147483647"><c t="inlineStr"><is><t>x</t></is></c></row><row/>)",
        R"(<row r="-5"><c t="inlineStr"><is><t>x</t></is></c></row>)"}) {
    auto rows = xlsx_rows(test::make_raw_xlsx(data), "台账");
    ASSERT_FALSE(rows) << data;
    EXPECT_EQ(rows.error().kind, ErrorKind::kInvalidInput) << data;
  }
  auto last = xlsx_rows(
      test::make_raw_xlsx(
          R"(<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>)"),
      "台账");
  ASSERT_TRUE(last) << last.error().message;
  EXPECT_EQ(last->at(0).cells.size(), 16384u);
}

// http_request_fuzz: a chunked request ending after its last chunk's size line ("0\r\n", no
// closing CRLF) tripped Beast's chunk-header assertion in the harness's hand-written read loop;
// parse_request now reads through Beast's own loop, as a connection does.
TEST(FuzzRegressions, ChunkedRequestCutAfterTheLastChunkSizeIsAnError) {
  const std::string found =
      "PUT //p1i3 HTTP/1.1\r\nH: zt\r\nTransfer-Encoding: chunked\r\nGxpect: "
      "099-continue\r\n\r\n0\r\n";
  Result<Request> r;
  EXPECT_NO_THROW(r = Server::parse_request(found, 1024));
  EXPECT_FALSE(r);
  auto whole = Server::parse_request(
      "PUT /x HTTP/1.1\r\nHost: zt\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
      1024);
  ASSERT_TRUE(whole) << whole.error().message;
  EXPECT_EQ(whole->body, "abc");
}

}  // namespace
}  // namespace zt::http
