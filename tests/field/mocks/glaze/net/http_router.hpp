// Mock of glaze's HTTP router (https://github.com/stephenberry/glaze, include/glaze/net/
// http_router.hpp), written for racelab's field corpus from glaze's public headers and docs:
// only what the cases use, with glaze's namespace, names and signatures; bodies are trivial.
// Not glaze's code.
#pragma once
#include <functional>
#include <future>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace glz
{
   enum struct http_method { GET, POST, PUT, DELETE, PATCH };

   // The request as the server parsed it: a plain struct, owned by the connection.
   struct request
   {
      http_method method{};
      std::string target{};
      std::unordered_map<std::string, std::string> params{};
      std::unordered_map<std::string, std::string> headers{};
      std::string body{};
      std::string remote_ip{};
   };

   // The response builder the server serialises once the handler has returned.
   struct response
   {
      int status_code = 200;
      std::string response_body{};

      response& status(int code)
      {
         status_code = code;
         return *this;
      }
      response& body(std::string_view content)
      {
         response_body = std::string(content);
         return *this;
      }
      template <class T>
      response& json(T&&)
      {
         return *this;
      }
   };

   using handler = std::function<void(const request&, response&)>;
   using async_handler = std::function<std::future<void>(const request&, response&)>;

   struct http_router
   {
      using handler = glz::handler;
      using async_handler = glz::async_handler;

      http_router& route(http_method, std::string_view, handler) { return *this; }
      http_router& get(std::string_view path, handler h) { return route(http_method::GET, path, std::move(h)); }
      http_router& post(std::string_view path, handler h) { return route(http_method::POST, path, std::move(h)); }
      http_router& put(std::string_view path, handler h) { return route(http_method::PUT, path, std::move(h)); }
      http_router& del(std::string_view path, handler h) { return route(http_method::DELETE, path, std::move(h)); }
      http_router& patch(std::string_view path, handler h) { return route(http_method::PATCH, path, std::move(h)); }

      // The real one wraps `h` in a handler that calls .get() on the future it returns.
      http_router& route_async(http_method method, std::string_view path, async_handler h)
      {
         return route(method, path, [h](const request& req, response& res) { h(req, res).get(); });
      }
      http_router& get_async(std::string_view path, async_handler h)
      {
         return route_async(http_method::GET, path, std::move(h));
      }
      http_router& post_async(std::string_view path, async_handler h)
      {
         return route_async(http_method::POST, path, std::move(h));
      }
   };
}
