// Plain request and response values, used at the edges of minigin: in-process dispatch
// (Engine::handle) takes a Request and fills a Response, like Go's httptest.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace minigin {

using Header = std::pair<std::string, std::string>;

/// One request as a client would send it. `target` is the request target: path plus an
/// optional `?query`, percent-encoded as on the wire.
struct Request {
  std::string method = "GET";
  std::string target = "/";
  std::vector<Header> headers;
  std::string body;
  std::string remote_addr = "127.0.0.1"; ///< the peer's IP address, without a port

  Request() = default;
  Request(std::string m, std::string t, std::string b = {}, std::vector<Header> h = {})
      : method(std::move(m)), target(std::move(t)), headers(std::move(h)), body(std::move(b)) {}
};

/// One response. Header names keep the case they were set with; lookups ignore case.
struct Response {
  int status = 200;
  std::vector<Header> headers;
  std::string body;

  /// The first header named `name` (case-insensitive), or "" when there is none.
  std::string_view header(std::string_view name) const;
  void clear() {
    status = 200;
    headers.clear();
    body.clear();
  }
};

/// ASCII case-insensitive comparison, as HTTP header names want.
bool iequals(std::string_view a, std::string_view b) noexcept;

/// The standard reason phrase for a status code ("Not Found"), or "Unknown".
std::string_view reason_phrase(int status) noexcept;

} // namespace minigin
