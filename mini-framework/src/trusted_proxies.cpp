// client_ip(): the peer, unless the peer is a proxy we trust (EngineOptions::trusted_proxies);
// then what X-Forwarded-For or X-Real-IP say, walked as Gin's ClientIP does.
#include "minigin/engine.h"

#include "context_lifecycle.h"
#include "text.h"

#include <arpa/inet.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace minigin {

namespace {

bool parse_ip(std::string_view s, std::array<unsigned char, 16>& out) {
  char buf[INET6_ADDRSTRLEN + 1];
  if (s.empty() || s.size() >= sizeof buf)
    return false;
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  in_addr v4;
  if (inet_pton(AF_INET, buf, &v4) == 1) {
    out = {};
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return true;
  }
  return inet_pton(AF_INET6, buf, out.data()) == 1;
}

bool in_net(const std::array<unsigned char, 16>& ip, const std::array<unsigned char, 16>& net,
            int bits) {
  for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    unsigned mask = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
    if ((ip[static_cast<std::size_t>(i)] & mask) != (net[static_cast<std::size_t>(i)] & mask))
      return false;
  }
  return true;
}

} // namespace

void Engine::add_trusted_proxy(const std::string& proxy) {
  TrustedNet net;
  std::string_view s(proxy);
  auto slash = s.find('/');
  if (!parse_ip(s.substr(0, slash), net.addr))
    throw std::invalid_argument("minigin: trusted proxy '" + proxy +
                                "' is not an IP address or CIDR");
  bool v4 = s.substr(0, slash).find(':') == std::string_view::npos;
  net.bits = 128;
  if (slash != std::string_view::npos) {
    int b = std::atoi(std::string(s.substr(slash + 1)).c_str());
    int max = v4 ? 32 : 128;
    if (b < 0 || b > max || s.substr(slash + 1).empty())
      throw std::invalid_argument("minigin: trusted proxy '" + proxy + "' has a bad prefix length");
    net.bits = v4 ? 96 + b : b;
  }
  trusted_.push_back(net);
}

void Engine::resolve_client_ip(Context& c) const {
  if (trusted_.empty()) // the common case: client_ip() stays the peer, as the filler left it
    return;
  const detail::FieldsView& req = Context::Lifecycle::request(c);
  const std::string_view peer = req.client_ip;
  std::array<unsigned char, 16> ip;
  auto trusted = [this, &ip](std::string_view s) {
    if (!parse_ip(s, ip))
      return false;
    for (const TrustedNet& n : trusted_)
      if (in_net(ip, n.addr, n.bits))
        return true;
    return false;
  };
  std::string_view found;
  if (trusted(peer)) {
    // X-Forwarded-For lists the hops left to right; walk back from the nearest one and take the
    // first address that is not one of our proxies (Gin's validateHeader).
    std::string_view xff = detail::find_field(req.headers, "X-Forwarded-For", true).value_or("");
    while (!xff.empty()) {
      auto comma = xff.rfind(',');
      std::string_view hop =
          detail::trim(comma == std::string_view::npos ? xff : xff.substr(comma + 1));
      xff = comma == std::string_view::npos ? std::string_view{} : xff.substr(0, comma);
      if (!parse_ip(hop, ip)) {
        found = {};
        break; // a malformed list is not believed at all
      }
      found = hop;
      if (!trusted(hop))
        break;
    }
    if (found.empty()) {
      std::string_view real =
          detail::trim(detail::find_field(req.headers, "X-Real-IP", true).value_or(""));
      if (parse_ip(real, ip))
        found = real;
    }
  }
  Context::Lifecycle::set_client_ip(c, found.empty() ? peer : found);
}

} // namespace minigin
