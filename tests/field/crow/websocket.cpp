// Crow websocket handlers. A crow::websocket::connection is deleted by Crow once the socket is
// closed: a reference kept by a detached thread dangles, while the documented idiom keeps raw
// pointers in a set guarded by a mutex and erases them in onclose.
#include "crow.h"

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>

std::string render_report(const std::string& query);

std::mutex users_mtx;
std::unordered_set<crow::websocket::connection*> users;

void register_ws(crow::SimpleApp& app)
{
    // case: crow_ws_set_under_lock (ok): connections tracked in a set under a mutex, as Crow's websocket example does; source: https://crowcpp.org/master/guides/websockets/
    CROW_WEBSOCKET_ROUTE(app, "/ws")
      .onopen([&](crow::websocket::connection& conn) {
          std::lock_guard<std::mutex> _(users_mtx);
          users.insert(&conn);
      })
      .onclose([&](crow::websocket::connection& conn, const std::string& reason) {
          (void)reason;
          std::lock_guard<std::mutex> _(users_mtx);
          users.erase(&conn);
      });

    // case: crow_ws_conn_in_thread (bug): the connection captured by reference into a detached worker that answers later; source: https://crowcpp.org/master/guides/websockets/
    CROW_WEBSOCKET_ROUTE(app, "/report")
      .onmessage([&](crow::websocket::connection& conn, const std::string& data, bool is_binary) {
          (void)is_binary;
          std::thread([&conn, data] { // BUG: racelab-context-escape
              std::this_thread::sleep_for(std::chrono::seconds(5));
              conn.send_text(render_report(data));
          }).detach();
      });
}
