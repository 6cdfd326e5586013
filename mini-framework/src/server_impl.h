// Internal: the state a Server shares with its connections (server.cpp, connection.cpp).
#pragma once

#include "minigin/server.h"

#include <asio.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace minigin {

class Connection;

struct Server::Impl {
  Impl(Engine& e, ServerOptions o)
      : engine(e), options(std::move(o)), control(asio::make_strand(io)), acceptor(control) {}
  void accept();
  void add(const std::shared_ptr<Connection>& c);
  void remove(Connection* c);

  Engine& engine;
  ServerOptions options;
  asio::io_context io;
  // The acceptor and the signal set are not thread-safe; every handler that touches them (accept
  // completions, stop, signal delivery) runs on this strand, whichever io thread picks it up.
  asio::strand<asio::io_context::executor_type> control;
  asio::ip::tcp::acceptor acceptor;
  std::optional<asio::signal_set> signals;
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};
  std::atomic<bool> started{false};
  unsigned short bound_port = 0;
  std::mutex mu; // guards conns
  std::unordered_map<Connection*, std::weak_ptr<Connection>> conns;
};

} // namespace minigin
