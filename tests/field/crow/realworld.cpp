// Crow handlers shaped like the applications on GitHub that use Crow (upload services, bots,
// dashboards): views of the body, references to its fields, counters in service classes,
// check-then-act atomics. Crow runs handlers on its worker threads, several at once with
// multithreaded() or concurrency(n), and reuses the request for the connection's next request.
#include "crow.h"

#include <atomic>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

void store_upload(std::string_view bytes);
void store_upload_text(const std::string& bytes);
void transcode(const char* data, std::size_t size);

namespace realworld {

// case: crow_body_view_thread (bug): the body viewed as a string_view, as upload handlers do, and the view given to a detached storage thread; source: https://github.com/CrowCpp/Crow/issues/258
void body_view_thread(crow::SimpleApp& app) {
  CROW_ROUTE(app, "/upload").methods(crow::HTTPMethod::Post)([](const crow::request& req) {
    std::string_view bytes = req.body;
    std::thread([bytes] { store_upload(bytes); }).detach(); // BUG: racelab-context-view-escape
    return crow::response(202);
  });
}

// case: crow_body_view_inline (ok): the same view used only before the handler returns; source: https://github.com/CrowCpp/Crow/issues/258
void body_view_inline(crow::SimpleApp& app) {
  CROW_ROUTE(app, "/upload").methods(crow::HTTPMethod::Post)([](const crow::request& req) {
    std::string_view bytes = req.body;
    store_upload(bytes.substr(0, 64));
    return crow::response(200);
  });
}

// case: crow_body_reference_thread (bug): a reference to the request's body field captured by reference into a detached thread; source: https://github.com/CrowCpp/Crow/issues/258
void body_reference_thread(crow::SimpleApp& app) {
  CROW_ROUTE(app, "/upload").methods(crow::HTTPMethod::Post)([](const crow::request& req) {
    const std::string& bytes = req.body;
    std::thread([&bytes] { store_upload_text(bytes); }).detach(); // BUG: racelab-context-view-escape
    return crow::response(202);
  });
}

// case: crow_body_field_copied_thread (ok): the body field copied by an init-capture; source: https://github.com/CrowCpp/Crow/issues/258
void body_field_copied_thread(crow::SimpleApp& app) {
  CROW_ROUTE(app, "/upload").methods(crow::HTTPMethod::Post)([](const crow::request& req) {
    std::thread([bytes = req.body] { store_upload_text(bytes); }).detach();
    return crow::response(202);
  });
}

// case: crow_body_data_pointer_thread (bug): the body's data() and size() handed to a transcoder thread as a C buffer; source: https://github.com/CrowCpp/Crow/issues/258
void body_data_pointer_thread(crow::SimpleApp& app) {
  CROW_ROUTE(app, "/transcode").methods(crow::HTTPMethod::Post)([](const crow::request& req) {
    std::thread(transcode, req.body.data(), req.body.size()).detach(); // BUG: racelab-context-view-escape
    return crow::response(202);
  });
}

// A service class that installs its routes with [this], as larger Crow applications do.
class Dashboard {
public:
  // case: crow_member_counter (bug): the service counts page views in a plain member written by every worker; source: https://github.com/CrowCpp/Crow/issues/757
  void install(crow::SimpleApp& app) {
    CROW_ROUTE(app, "/dash")([this] {
      ++views_; // BUG: racelab-unsynchronized-shared-write
      return crow::response(std::to_string(views_));
    });
  }

private:
  long views_ = 0;
};

class AtomicDashboard {
public:
  // case: crow_member_atomic_counter (ok): the member as a std::atomic with ++; source: https://github.com/CrowCpp/Crow/issues/757
  void install(crow::SimpleApp& app) {
    CROW_ROUTE(app, "/dash")([this] {
      long now = ++views_;
      return crow::response(std::to_string(now));
    });
  }

private:
  std::atomic<long> views_{0};
};

std::atomic<bool> maintenance{false};
std::atomic<int> open_uploads{0};

// case: crow_atomic_flag_then_store (bug): a quota of open uploads checked with load() and taken with store(load() + 1); source: https://en.cppreference.com/w/cpp/atomic/atomic/compare_exchange
void atomic_flag_then_store(crow::SimpleApp& app) {
  CROW_ROUTE(app, "/open").methods(crow::HTTPMethod::Post)([] {
    if (open_uploads.load() > 8)
      return crow::response(429);
    open_uploads.store(open_uploads.load() + 1); // BUG: racelab-atomic-split-update
    return crow::response(201);
  });
}

// case: crow_atomic_flag_toggle (ok): a flag read with load() and set by a separate admin route with store(): each access is whole, no update is split; source: https://en.cppreference.com/w/cpp/atomic/atomic/store
void atomic_flag_toggle(crow::SimpleApp& app) {
  CROW_ROUTE(app, "/admin/maintenance").methods(crow::HTTPMethod::Post)([] {
    maintenance.store(true);
    return crow::response(204);
  });
  CROW_ROUTE(app, "/ping")([] { return crow::response(maintenance.load() ? 503 : 200); });
}

std::mutex seen_mu;
std::string last_client;

// case: crow_last_client_locked (ok): the last client's address kept in a global string under a mutex; source: https://github.com/CrowCpp/Crow/issues/757
void last_client_locked(crow::SimpleApp& app) {
  CROW_ROUTE(app, "/whoami")([](const crow::request& req) {
    std::lock_guard<std::mutex> lock(seen_mu);
    last_client = req.remote_ip_address;
    return crow::response(last_client);
  });
}

std::string last_client_unlocked;

// case: crow_last_client_unlocked (bug): the same std::string written with no lock by concurrent handlers; source: https://github.com/CrowCpp/Crow/issues/757
void last_client_unlocked_route(crow::SimpleApp& app) {
  CROW_ROUTE(app, "/whoami")([](const crow::request& req) {
    last_client_unlocked = req.remote_ip_address; // BUG: racelab-unsynchronized-shared-write
    return crow::response(200);
  });
}

// case: crow_header_view_thread (bug): the Authorization header viewed through the reference get_header_value returns, and the view checked by a detached token-audit thread; source: https://crowcpp.org/master/guides/routes/
void header_view_thread(crow::SimpleApp& app) {
  CROW_ROUTE(app, "/secure")([](const crow::request& req) {
    std::string_view token = req.get_header_value("Authorization");
    std::thread([token] { store_upload(token); }).detach(); // BUG: racelab-context-view-escape
    return crow::response(202);
  });
}

// case: crow_header_copied_thread (ok): the header copied into a std::string the audit thread owns; source: https://crowcpp.org/master/guides/routes/
void header_copied_thread(crow::SimpleApp& app) {
  CROW_ROUTE(app, "/secure2")([](const crow::request& req) {
    std::string token = req.get_header_value("Authorization");
    std::thread([token] { store_upload_text(token); }).detach();
    return crow::response(202);
  });
}

} // namespace realworld
