// glaze HTTP handlers that hand work to other threads. A handler gets `const glz::request&` and
// `glz::response&`, both owned by the connection's read callback: the server serialises the
// response as soon as the handler returns, and the objects are gone after that. Work that
// outlives the handler must own copies; work behind the future an async route returns is
// awaited by the router (route_async calls .get() on it) and may use both.
#include <glaze/net/http_server.hpp>

#include <chrono>
#include <future>
#include <string>
#include <thread>

std::string fetch_slow_data();
std::string load_user(const std::string& id);
void audit(const std::string& line);
bool still_subscribed(const std::string& topic);

void setup(glz::http_server<>& server, glz::http_router& router)
{
   // case: glaze_response_ref_detached (bug): the response builder captured by reference into a detached thread: the server has already sent an empty 200; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/http-router.md
   server.get("/report", [](const glz::request& req, glz::response& res) {
      std::thread([&res, id = req.params.at("id")] { // BUG: racelab-context-escape
         res.json(load_user(id));
      }).detach();
   });

   // case: glaze_get_async_awaited (ok): the documented async route: std::async captures both by reference and the router waits for the future before it answers; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/http-router.md
   router.get_async("/slow-data", [](const glz::request& req, glz::response& res) -> std::future<void> {
      return std::async([&req, &res]() {
         std::this_thread::sleep_for(std::chrono::seconds(2));
         res.body(fetch_slow_data() + req.target);
      });
   });

   // case: glaze_route_async_default_ref (ok): route_async with a [&] default, awaited the same way; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/http-router.md
   router.route_async(glz::http_method::POST, "/async-upload",
                      [](const glz::request& req, glz::response& res) -> std::future<void> {
                         return std::async(std::launch::async, [&]() {
                            audit(req.body);
                            res.status(204);
                         });
                      });

   // case: glaze_async_route_detached_thread (bug): an async route that returns a ready future and leaves the real work to a detached thread holding the request: nothing waits for that thread; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/http-router.md
   router.post_async("/ingest", [](const glz::request& req, glz::response& res) -> std::future<void> {
      std::thread([&req] { audit(req.body); }).detach(); // BUG: racelab-context-escape
      res.status(202);
      std::promise<void> done;
      done.set_value();
      return done.get_future();
   });

   // case: glaze_request_copied (ok): the audit thread gets its own copy of the request; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/http-server.md
   server.post("/orders", [](const glz::request& req, glz::response& res) {
      std::thread([req] { audit(req.target + " " + req.body); }).detach();
      res.status(201);
   });

   // case: glaze_no_thread (ok): the response is built on the server thread before the handler returns; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/http-router.md
   router.get("/users/:id", [](const glz::request& req, glz::response& res) {
      res.json(load_user(req.params.at("id")));
   });

   // case: glaze_stream_ref_detached (bug): a streaming handler's response captured by reference into the thread that pushes events: the handler's streaming_response is gone when it returns; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/http-router.md
   server.stream_get("/events", [](glz::request& req, glz::streaming_response& res) {
      res.as_event_stream();
      std::thread([&res, topic = req.params.at("topic")] { // BUG: racelab-context-escape
         while (still_subscribed(topic))
            res.send_event("tick", topic);
         res.close();
      }).detach();
   });

   // case: glaze_stream_copied (ok): the same stream with streaming_response copied: the copy shares the connection's shared_ptr; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/http-router.md
   server.stream_get("/events2", [](glz::request& req, glz::streaming_response& res) {
      res.as_event_stream();
      std::thread([res, topic = req.params.at("topic")]() mutable {
         while (still_subscribed(topic))
            res.send_event("tick", topic);
         res.close();
      }).detach();
   });
}
