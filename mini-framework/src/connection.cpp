#include "connection.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <ctime>

namespace minigin {

using asio::ip::tcp;

namespace {

// One Date value per second per thread (RFC 9110 asks origin servers with a clock to send it).
std::string_view http_date() {
  thread_local std::time_t cached_at = 0;
  thread_local char buf[64];
  thread_local std::size_t len = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached_at) {
    std::tm tm;
    gmtime_r(&now, &tm);
    len = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached_at = now;
  }
  return {buf, len};
}

void append_status_line(std::string& out, int status) {
  out.append("HTTP/1.1 ").append(std::to_string(status)).append(" ");
  out.append(reason_phrase(status)).append("\r\n");
}

bool body_allowed(int status) {
  return status >= 200 && status != 204 && status != 304;
}

} // namespace

Connection::Connection(Server::Impl& srv, tcp::socket sock)
    : srv_(srv), sock_(std::move(sock)), timer_(sock_.get_executor()) {
  http_parser_init(&parser_, HTTP_REQUEST);
  parser_.data = this;
  std::error_code ec;
  auto ep = sock_.remote_endpoint(ec);
  peer_ = ec ? "" : ep.address().to_string();
  sock_.set_option(tcp::no_delay(true), ec);
}

template <class Then> void Connection::write(Then then) {
  writing_ = true;
  arm_timer(srv_.options.read_timeout);
  asio::async_write(sock_, asio::buffer(out_),
                    [self = shared_from_this(), then](std::error_code ec, std::size_t) {
                      self->writing_ = false;
                      if (ec)
                        return self->close();
                      then();
                    });
}

void Connection::start() {
  arm_timer(srv_.options.idle_timeout);
  read();
}

void Connection::shutdown() {
  draining_ = true;
  if (!ctx_ && !writing_ && !in_message_)
    close();
}

void Connection::read() {
  if (rend_ == rbuf_.size()) { // unreachable: the parser consumes everything it is given
    fail(400);
    return;
  }
  sock_.async_read_some(asio::buffer(rbuf_.data() + rend_, rbuf_.size() - rend_),
                        [self = shared_from_this()](std::error_code ec, std::size_t n) {
                          if (ec)
                            return self->close();
                          self->rend_ += n;
                          self->parse();
                        });
}

void Connection::parse() {
  static const http_parser_settings s = settings();
  while (rbeg_ < rend_) {
    std::size_t used = http_parser_execute(&parser_, &s, rbuf_.data() + rbeg_, rend_ - rbeg_);
    rbeg_ += used;
    auto err = HTTP_PARSER_ERRNO(&parser_);
    if (err == HPE_PAUSED) {
      http_parser_pause(&parser_, 0);
      answer();
      return; // parsing resumes once the answer is written
    }
    if (error_status_)
      return fail(error_status_);
    if (err != HPE_OK)
      return fail(err == HPE_HEADER_OVERFLOW ? 431 : 400);
  }
  rbeg_ = rend_ = 0;
  if (draining_ && !in_message_)
    return close();
  read();
}

// A complete request is in ctx_: run it and write the answer.
void Connection::answer() {
  in_message_ = false;
  filler_->finish_body();
  Context& c = *ctx_;
  const bool http10 = parser_.http_major == 1 && parser_.http_minor == 0;
  const bool head = parser_.method == HTTP_HEAD;
  keep_alive_ = !http10 && http_should_keep_alive(&parser_) && !draining_;
  try {
    srv_.engine.dispatch(c);
    // The server may have begun to stop while the handler ran: this answer is the last one.
    keep_alive_ = keep_alive_ && !srv_.stopping.load();
    serialize(c.response(), head);
  } catch (const std::exception& e) {
    // No recovery middleware caught it: answer 500 and keep serving.
    std::fprintf(stderr, "minigin: unhandled exception in handler for %.*s %.*s: %s\n",
                 int(c.method().size()), c.method().data(), int(c.path().size()), c.path().data(),
                 e.what());
    Response r;
    r.status = 500;
    r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    r.body = "500 internal server error";
    serialize(r, head);
  }
  release_context();
  write([self = shared_from_this()] {
    if (!self->keep_alive_ || self->draining_)
      return self->close();
    self->arm_timer(self->srv_.options.idle_timeout);
    self->parse();
  });
}

void Connection::serialize(const Response& r, bool head) {
  out_.clear();
  append_status_line(out_, r.status);
  for (const auto& [k, v] : r.headers) {
    if (iequals(k, "Content-Length") || iequals(k, "Connection") || iequals(k, "Date"))
      continue;
    out_.append(k).append(": ").append(v).append("\r\n");
  }
  out_.append("Date: ").append(http_date()).append("\r\n");
  if (body_allowed(r.status))
    out_.append("Content-Length: ").append(std::to_string(r.body.size())).append("\r\n");
  if (!keep_alive_)
    out_.append("Connection: close\r\n");
  out_.append("\r\n");
  if (!head && body_allowed(r.status))
    out_.append(r.body);
}

// Answers a request we will not serve (malformed, too large) and closes the connection.
// The rest of the request may still be arriving: we stop sending, then read and discard for a
// while before closing, so that the client sees our answer rather than a reset (as Go does).
void Connection::fail(int status) {
  release_context();
  in_message_ = false;
  keep_alive_ = false;
  std::string body = std::to_string(status) + " " + std::string(reason_phrase(status)) + "\n";
  out_.clear();
  append_status_line(out_, status);
  out_.append("Content-Type: text/plain; charset=utf-8\r\nContent-Length: ")
      .append(std::to_string(body.size()))
      .append("\r\nConnection: close\r\n\r\n")
      .append(body);
  write([self = shared_from_this()] {
    std::error_code ec;
    self->sock_.shutdown(tcp::socket::shutdown_send, ec);
    self->arm_timer(std::min(self->srv_.options.read_timeout, std::chrono::milliseconds(2000)));
    self->discard();
  });
}

void Connection::discard() {
  sock_.async_read_some(asio::buffer(rbuf_),
                        [self = shared_from_this()](std::error_code ec, std::size_t n) {
                          self->discarded_ += n;
                          if (ec || self->discarded_ > 1024 * 1024)
                            return self->close();
                          self->discard();
                        });
}

// Sets the connection's deadline. The timer is not re-armed per request (each re-arm would
// cancel the pending wait and run one more handler): it ticks a few times per timeout period
// and closes the connection once the current deadline has passed.
void Connection::arm_timer(std::chrono::milliseconds d) {
  deadline_ = std::chrono::steady_clock::now() + d;
  if (!ticking_) {
    ticking_ = true;
    tick();
  }
}

void Connection::tick() {
  auto period = std::min(srv_.options.read_timeout, srv_.options.idle_timeout) / 4;
  timer_.expires_after(std::max(period, std::chrono::milliseconds(10)));
  timer_.async_wait([self = shared_from_this()](std::error_code ec) {
    if (ec || self->closed_)
      return;
    if (std::chrono::steady_clock::now() >= self->deadline_)
      return self->close(); // too slow, or idle for too long
    self->tick();
  });
}

void Connection::release_context() {
  if (ctx_) {
    filler_.reset();
    srv_.engine.pool().release(*ctx_);
    ctx_ = nullptr;
  }
}

void Connection::close() {
  if (closed_)
    return;
  closed_ = true;
  release_context();
  timer_.cancel();
  std::error_code ec;
  sock_.close(ec);
  srv_.remove(this);
}

// ---- http_parser callbacks: they run inside http_parser_execute, on this strand ----------

int Connection::on_message_begin() {
  in_message_ = true;
  ctx_ = &srv_.engine.pool().acquire();
  filler_.emplace(*ctx_);
  filler_->set_remote_addr(peer_);
  arm_timer(srv_.options.read_timeout);
  return 0;
}

int Connection::head_limit() {
  if (filler_->head_bytes() <= srv_.options.max_header_bytes)
    return 0;
  error_status_ = 431;
  return -1;
}

int Connection::on_headers_complete() {
  filler_->append_method(http_method_str(static_cast<http_method>(parser_.method)));
  if (!filler_->finish_head()) {
    error_status_ = 400;
    return -1;
  }
  const Context& c = *ctx_;
  // Never guess between two body lengths: that is how request smuggling starts.
  if (!c.get_header("Content-Length").empty() && !c.get_header("Transfer-Encoding").empty()) {
    error_status_ = 400;
    return -1;
  }
  const bool has_length = !(parser_.flags & F_CHUNKED) && parser_.content_length != ULLONG_MAX;
  if (has_length && parser_.content_length > srv_.options.max_body_bytes) {
    error_status_ = 413;
    return -1;
  }
  if (iequals(c.get_header("Expect"), "100-continue") && parser_.http_minor == 1) {
    // The client waits for this before it sends the body. It is the first thing written on a
    // connection whose previous answers are complete, so the socket buffer has room for it.
    static constexpr std::string_view cont = "HTTP/1.1 100 Continue\r\n\r\n";
    std::error_code ec;
    asio::write(sock_, asio::buffer(cont), ec);
  }
  return 0;
}

int Connection::on_body(const char* at, std::size_t n) {
  filler_->append_body({at, n});
  if (filler_->body_bytes() <= srv_.options.max_body_bytes)
    return 0;
  error_status_ = 413;
  return -1;
}

http_parser_settings Connection::settings() {
  http_parser_settings s;
  http_parser_settings_init(&s);
  s.on_message_begin = [](http_parser* p) { return self(p).on_message_begin(); };
  s.on_url = [](http_parser* p, const char* at, std::size_t n) {
    self(p).filler_->append_target({at, n});
    return self(p).head_limit();
  };
  s.on_header_field = [](http_parser* p, const char* at, std::size_t n) {
    self(p).filler_->append_header_name({at, n});
    return self(p).head_limit();
  };
  s.on_header_value = [](http_parser* p, const char* at, std::size_t n) {
    self(p).filler_->append_header_value({at, n});
    return self(p).head_limit();
  };
  s.on_headers_complete = [](http_parser* p) { return self(p).on_headers_complete(); };
  s.on_body = [](http_parser* p, const char* at, std::size_t n) { return self(p).on_body(at, n); };
  s.on_message_complete = [](http_parser* p) {
    http_parser_pause(p, 1); // answer this request before parsing the next one
    return 0;
  };
  return s;
}

} // namespace minigin
