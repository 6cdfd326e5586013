// A deliberately dumb blocking HTTP client for the server tests: raw bytes in, raw bytes out,
// so tests can send exactly what a broken or hostile client would.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

namespace testing_client {

struct Reply {
  int status = 0;
  std::string head; // status line and headers
  std::string body;
  bool ok = false; // a complete response was read
};

class RawClient {
public:
  explicit RawClient(unsigned short port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect failed");
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~RawClient() {
    if (fd_ >= 0)
      ::close(fd_);
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  void send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0)
        throw std::runtime_error("send failed");
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  /// Reads one response (Content-Length bodies only, which is all minigin sends). An answer to
  /// HEAD has a Content-Length but no body: pass `head = true`.
  Reply read_reply(std::chrono::milliseconds timeout = std::chrono::seconds(5), bool head = false) {
    Reply r;
    std::size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
      if (!fill(timeout))
        return r;
    r.head = buf_.substr(0, end + 2);
    buf_.erase(0, end + 4);
    if (r.head.size() > 12)
      r.status = std::stoi(r.head.substr(9, 3));
    std::size_t len = 0;
    auto cl = lower(r.head).find("content-length:");
    if (cl != std::string::npos && !head)
      len = std::stoul(r.head.substr(cl + 15));
    while (buf_.size() < len)
      if (!fill(timeout))
        return r;
    r.body = buf_.substr(0, len);
    buf_.erase(0, len);
    r.ok = true;
    return r;
  }

  /// True when the server closed the connection (EOF or reset) within `timeout`.
  bool closed_by_server(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    while (true) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0)
        return false;
      char tmp[4096];
      ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n <= 0)
        return true;
      buf_.append(tmp, static_cast<std::size_t>(n));
    }
  }

  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

private:
  static std::string lower(std::string s) {
    for (char& c : s)
      if (c >= 'A' && c <= 'Z')
        c = static_cast<char>(c - 'A' + 'a');
    return s;
  }
  bool fill(std::chrono::milliseconds timeout) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0)
      return false;
    char tmp[16384];
    ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0)
      return false;
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }
  int fd_ = -1;
  std::string buf_;
};

inline std::string get(std::string_view target, std::string_view extra_headers = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: t\r\n" + std::string(extra_headers) +
         "\r\n";
}

} // namespace testing_client
