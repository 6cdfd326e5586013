// minigin::Server: the acceptor, the worker threads and a graceful stop; each connection's
// protocol work is in connection.cpp.
#include "minigin/server.h"

#include "connection.h"
#include "server_impl.h"

#include <stdexcept>

namespace minigin {

using asio::ip::tcp;

void Server::Impl::add(const std::shared_ptr<Connection>& c) {
  std::lock_guard lock(mu);
  conns.emplace(c.get(), c);
}

void Server::Impl::remove(Connection* c) {
  std::lock_guard lock(mu);
  conns.erase(c);
}

void Server::Impl::accept() {
  acceptor.async_accept(asio::make_strand(io), [this](std::error_code ec, tcp::socket sock) {
    if (ec == asio::error::operation_aborted || stopping.load())
      return;
    if (!ec) {
      auto c = std::make_shared<Connection>(*this, std::move(sock));
      add(c);
      asio::dispatch(c->executor(), [c] { c->start(); });
    }
    accept();
  });
}

Server::Server(Engine& engine, ServerOptions options)
    : impl_(std::make_unique<Impl>(engine, std::move(options))) {}

Server::~Server() {
  stop();
  wait();
}

void Server::start() {
  Impl& s = *impl_;
  if (s.started.exchange(true))
    throw std::logic_error("minigin: Server::start() called twice");
  if (s.options.max_header_bytes > 80 * 1024)
    throw std::invalid_argument(
        "minigin: max_header_bytes is at most 80 KiB (http-parser's limit)");
  tcp::endpoint ep(asio::ip::make_address(s.options.host), s.options.port);
  s.acceptor.open(ep.protocol());
  s.acceptor.set_option(tcp::acceptor::reuse_address(true));
  s.acceptor.bind(ep);
  s.acceptor.listen(asio::socket_base::max_listen_connections);
  s.bound_port = s.acceptor.local_endpoint().port();
  s.accept();
  unsigned n = s.options.threads ? s.options.threads : std::thread::hardware_concurrency();
  for (unsigned i = 0; i < (n ? n : 1); ++i)
    s.threads.emplace_back([&s] { s.io.run(); });
}

unsigned short Server::port() const noexcept {
  return impl_->bound_port;
}

std::string Server::address() const {
  return impl_->options.host + ":" + std::to_string(impl_->bound_port);
}

void Server::stop() {
  Impl& s = *impl_;
  if (s.stopping.exchange(true) || !s.started.load())
    return;
  asio::post(s.control, [&s] {
    std::error_code ec;
    s.acceptor.close(ec);
    if (s.signals)
      s.signals->cancel(ec);
    std::vector<std::shared_ptr<Connection>> live;
    {
      std::lock_guard lock(s.mu);
      for (auto& [p, w] : s.conns)
        if (auto c = w.lock())
          live.push_back(std::move(c));
    }
    for (auto& c : live)
      asio::post(c->executor(), [c] { c->shutdown(); });
  });
}

void Server::wait() {
  for (auto& t : impl_->threads)
    if (t.joinable())
      t.join();
  impl_->threads.clear();
}

void Server::stop_on_signals() {
  Impl& s = *impl_;
  // Before start() no io thread exists, so installing the signal set needs no synchronisation.
  if (s.started.load())
    throw std::logic_error("minigin: Server::stop_on_signals() must be called before start()");
  s.signals.emplace(s.control, SIGINT, SIGTERM);
  s.signals->async_wait([this](std::error_code ec, int) {
    if (!ec)
      stop();
  });
}

} // namespace minigin
