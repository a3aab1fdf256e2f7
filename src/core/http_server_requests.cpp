// A request as handlers see it: the target decoded (raw UTF-8 tolerated), headers by lower-case
// name, the client's request id when sane, and the client's address through trusted proxies.
// Server::parse_request reads bytes the way a connection does, for the fuzz harness and tests.
#include <boost/url.hpp>

#include "core/http_server_impl.hpp"

namespace zt::http {
namespace detail {

void limit_parser(bhttp::request_parser<bhttp::string_body>& parser,
                  boost::optional<std::uint64_t> body_limit) {
  parser.body_limit(body_limit);
  parser.header_limit(16 * 1024);
}

std::optional<std::string> canonical_address(std::string_view text) {
  beast::error_code ec;
  auto addr = asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (addr.is_v6() && addr.to_v6().is_v4_mapped())
    return asio::ip::make_address_v4(asio::ip::v4_mapped, addr.to_v6()).to_string();
  return addr.to_string();
}

}  // namespace detail

namespace {

bool sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  return true;
}

// Yields its bytes, then end of stream: parse_request reads through Beast's own read loop, as a
// connection does. A hand-written put() loop once re-offered bytes the parser had already
// scanned and tripped Beast's chunk-header assertion (http_request_fuzz).
class BytesStream {
 public:
  explicit BytesStream(std::string_view bytes) : bytes_(bytes) {}
  template <class Buffers>
  std::size_t read_some(const Buffers& buffers, beast::error_code& ec) {
    if (bytes_.empty()) {
      ec = asio::error::eof;
      return 0;
    }
    ec = {};
    const std::size_t n = asio::buffer_copy(buffers, asio::buffer(bytes_.data(), bytes_.size()));
    bytes_.remove_prefix(n);
    return n;
  }
  template <class Buffers>
  std::size_t read_some(const Buffers& buffers) {
    beast::error_code ec;
    auto n = read_some(buffers, ec);
    if (ec) throw beast::system_error(ec);
    return n;
  }

 private:
  std::string_view bytes_;
};

}  // namespace

using detail::canonical_address;
using detail::limit_parser;

// The client's X-Request-Id is kept when sane, else request_id is left empty (numbered by
// session()). Static (the config passed in): Server::parse_request converts without a server.
Request Server::Impl::to_request(const bhttp::request<bhttp::string_body>& in,
                                 const std::string& remote, const ServerConfig& config) {
  Request req;
  req.method = std::string(in.method_string());
  std::string_view target = in.target();
  auto parsed = boost::urls::parse_origin_form(target);
  // curl and some terminals send UTF-8 (and spaces) unencoded; encode them and read it again.
  std::string encoded;
  if (!parsed) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (unsigned char ch : target) {
      if (ch >= 0x80 || ch <= 0x20 ||
          std::string_view("\"<>\\^`{|}").find(char(ch)) != std::string_view::npos) {
        encoded += '%';
        encoded += kHex[ch >> 4];
        encoded += kHex[ch & 15];
      } else {
        encoded += char(ch);
      }
    }
    parsed = boost::urls::parse_origin_form(encoded);
  }
  if (parsed) {
    req.path = parsed->path();
    for (auto p : parsed->params()) req.query[p.key] = p.value;
  } else {
    req.path = std::string(target.substr(0, target.find('?')));
  }
  for (const auto& f : in) {
    std::string name(f.name_string());
    for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    req.headers[name] = std::string(f.value());
  }
  req.body = in.body();
  auto rid = req.header("x-request-id");
  if (sane_request_id(rid)) req.request_id = rid;
  req.remote = remote;
  if (trusted(config, remote)) {
    // The right-most address not a proxy of ours is the client (RFC 7239 §5.2 in spirit):
    // everything left of it was written by the client itself.
    auto xff = req.header("x-forwarded-for");
    std::string_view rest = xff;
    while (!rest.empty()) {
      auto comma = rest.rfind(',');
      std::string_view hop = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
      while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
      while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
      auto addr = canonical_address(hop);
      if (!addr) break;  // not an address: believe nothing further left
      req.remote = *addr;
      if (!trusted(config, req.remote)) break;
    }
    req.secure = req.header("x-forwarded-proto") == "https";
  }
  return req;
}

bool Server::Impl::trusted(const ServerConfig& config, const std::string& address) {
  return std::find(config.trusted_proxies.begin(), config.trusted_proxies.end(), address) !=
         config.trusted_proxies.end();
}

Result<Request> Server::parse_request(std::string_view bytes, std::size_t body_limit) {
  bhttp::request_parser<bhttp::string_body> parser;
  limit_parser(parser, body_limit);
  BytesStream stream(bytes);
  beast::flat_buffer buffer;
  beast::error_code ec;
  bhttp::read(stream, buffer, parser, ec);
  if (ec == bhttp::error::body_limit)
    return fail(Error{
        ErrorKind::kTooLarge, "请求体过大：上限 " + std::to_string(body_limit) + " 字节", {}, {}});
  if (ec == bhttp::error::header_limit)
    return fail(Error{ErrorKind::kTooLarge, "请求头过大", {}, {}});
  if (ec) return fail(Error::invalid("请求格式错误：" + ec.message()));
  return Impl::to_request(parser.get(), {}, ServerConfig{});
}

}  // namespace zt::http
