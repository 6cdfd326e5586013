// Mock of glaze's HTTP server (https://github.com/stephenberry/glaze, include/glaze/net/
// http_server.hpp), written for racelab's field corpus from glaze's public headers and docs:
// only what the cases use, with glaze's namespace, names and signatures; bodies are trivial.
// Not glaze's code (which runs on asio).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "glaze/net/http_router.hpp"

namespace glz
{
   struct streaming_connection : std::enable_shared_from_this<streaming_connection>
   {
      void send_event(std::string_view, std::string_view) {}
      bool is_open() const { return true; }
      void close() {}
   };

   // A copy shares the connection.
   struct streaming_response
   {
      std::shared_ptr<streaming_connection> stream;

      streaming_response& as_event_stream() { return *this; }
      streaming_response& send_event(std::string_view event_type, std::string_view data)
      {
         if (stream) stream->send_event(event_type, data);
         return *this;
      }
      void close()
      {
         if (stream) stream->close();
      }
   };

   using streaming_handler = std::function<void(request&, streaming_response&)>;

   template <bool EnableTLS = false>
   struct http_server
   {
      http_server& bind(uint16_t) { return *this; }
      // Runs the handlers on `num_threads` threads (hardware_concurrency when 0).
      void start(size_t num_threads = 0) { (void)num_threads; }
      void stop() {}

      http_server& mount(std::string_view, const http_router&) { return *this; }
      http_router& route(http_method method, std::string_view path, handler h)
      {
         return root_router.route(method, path, std::move(h));
      }
      http_router& get(std::string_view path, handler h) { return root_router.get(path, std::move(h)); }
      http_router& post(std::string_view path, handler h) { return root_router.post(path, std::move(h)); }

      http_server& stream(http_method, std::string_view, streaming_handler) { return *this; }
      http_server& stream_get(std::string_view path, streaming_handler h)
      {
         return stream(http_method::GET, path, std::move(h));
      }

     private:
      http_router root_router;
   };
}
