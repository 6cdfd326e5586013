// Mock of Simple-Web-Server's server_http.hpp (https://github.com/eidheim/Simple-Web-Server),
// written for racelab's field corpus from its README, http_examples.cpp and public header: only
// what the cases use, with its namespace, class and member names and signatures; bodies are
// trivial and no asio is needed. Not Simple-Web-Server's code.
#pragma once
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <system_error>

namespace SimpleWeb
{
  // The standalone-asio build's error_code; with Boost.Asio it is boost::system::error_code.
  using error_code = std::error_code;
  // The real HTTP is asio::ip::tcp::socket; only its name is needed here.
  class HTTP;

  enum class StatusCode { success_ok = 200, success_accepted = 202, client_error_bad_request = 400 };

  using CaseInsensitiveMultimap = std::multimap<std::string, std::string>;

  template <class socket_type>
  class ServerBase {
  public:
    class Response : public std::enable_shared_from_this<Response>, public std::ostream {
    public:
      Response() : std::ostream(nullptr) {}
      // Sends what was written so far; the callback runs when the asynchronous write is done.
      void send(const std::function<void(const error_code &)> &callback = nullptr) noexcept { (void)callback; }
      void write(const std::string &content, const CaseInsensitiveMultimap &header = CaseInsensitiveMultimap()) {
        (void)content, (void)header;
      }
      void write(StatusCode status_code, const std::string &content, const CaseInsensitiveMultimap &header = CaseInsensitiveMultimap()) {
        (void)status_code, (void)content, (void)header;
      }
    };

    class Content : public std::istream {
    public:
      Content() : std::istream(nullptr) {}
      // Consumes the stream buffer.
      std::string string() noexcept { return std::string(); }
    };

    class Request {
    public:
      std::string method, path, query_string, http_version;
      Content content;
      CaseInsensitiveMultimap header;
      std::string remote_endpoint_address() noexcept { return std::string(); }
      CaseInsensitiveMultimap parse_query_string() noexcept { return CaseInsensitiveMultimap(); }
    };

    class Config {
    public:
      unsigned short port = 80;
      /// If io_service is not set, number of threads that the server will use when start() is called.
      std::size_t thread_pool_size = 1;
    };
    Config config;

    std::map<std::string, std::map<std::string, std::function<void(std::shared_ptr<typename ServerBase<socket_type>::Response>, std::shared_ptr<typename ServerBase<socket_type>::Request>)>>> resource;
    std::map<std::string, std::function<void(std::shared_ptr<typename ServerBase<socket_type>::Response>, std::shared_ptr<typename ServerBase<socket_type>::Request>)>> default_resource;

    virtual void start() {}
    void stop() noexcept {}
    virtual ~ServerBase() noexcept = default;
  };

  template <class socket_type>
  class Server : public ServerBase<socket_type> {};
} // namespace SimpleWeb
