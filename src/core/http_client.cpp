#include "core/http_client.hpp"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/url/parse.hpp>

namespace zt {

Result<HttpGetResult> http_request(const HttpClientRequest& r) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;
  namespace bhttp = beast::http;
  auto url = boost::urls::parse_uri(r.url);
  if (!url || url->scheme() != "http" || url->host().empty())
    return fail(Error::invalid("地址须为 http://主机:端口/路径：" + r.url, "url"));
  const std::string host = url->host();
  const std::string port = url->has_port() ? std::string(url->port()) : "80";
  const std::string target =
      url->encoded_target().empty() ? "/" : std::string(url->encoded_target());
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(r.method), target, 11};
  if (req.method() == bhttp::verb::unknown)
    return fail(Error::invalid("不支持的 HTTP 方法：" + r.method, "method"));
  req.set(bhttp::field::host, host);
  req.set(bhttp::field::user_agent, "zhengtong");
  for (const auto& [name, value] : r.headers) req.set(name, value);
  if (!r.body.empty() || req.method() == bhttp::verb::post) {
    req.body() = r.body;
    req.prepare_payload();
  }

  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  asio::ip::tcp::resolver resolver(ioc);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(r.max_body);
  beast::error_code failure;
  stream.expires_after(r.timeout);
  resolver.async_resolve(host, port, [&](beast::error_code ec, auto results) {
    if (ec) return void(failure = ec);
    stream.async_connect(results, [&](beast::error_code ec, auto) {
      if (ec) return void(failure = ec);
      bhttp::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
        if (ec) return void(failure = ec);
        bhttp::async_read(stream, buffer, parser, [&](beast::error_code ec, std::size_t) {
          if (ec) failure = ec;
        });
      });
    });
  });
  ioc.run();
  if (failure) return fail({ErrorKind::kUnavailable, r.url + "：" + failure.message(), "url", {}});
  auto res = parser.release();
  return HttpGetResult{int(res.result_int()), std::move(res.body())};
}

}  // namespace zt
