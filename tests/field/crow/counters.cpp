// Shared state in Crow handlers. With app.multithreaded() (or concurrency(n)) Crow runs route
// handlers on several worker threads at once, so a plain counter incremented in a handler loses
// updates, and so does an atomic updated with a separate load and store.
#include "crow.h"

#include <atomic>
#include <map>
#include <mutex>
#include <string>

long hits = 0;
std::atomic<long> served{0};
std::atomic<long> peak_bytes{0};
std::atomic<long> peak_bytes_cas{0};
std::mutex per_path_mtx;
std::map<std::string, long> per_path;

int main()
{
    crow::SimpleApp app;

    // case: crow_global_hit_counter (bug): a global counter incremented by every request, on Crow's worker threads; source: https://github.com/CrowCpp/Crow/issues/757
    CROW_ROUTE(app, "/")([] {
        ++hits; // BUG: racelab-unsynchronized-shared-write
        return "hello";
    });

    // case: crow_atomic_hit_counter (ok): the counter is a std::atomic incremented with fetch_add; source: https://github.com/CrowCpp/Crow/issues/757
    CROW_ROUTE(app, "/served")([] {
        served.fetch_add(1, std::memory_order_relaxed);
        return "ok";
    });

    // case: crow_split_atomic_max (bug): the largest body seen, kept with a load and a separate store; source: https://github.com/CrowCpp/Crow/issues/757
    CROW_ROUTE(app, "/upload").methods(crow::HTTPMethod::Post)([](const crow::request& req) {
        long size = static_cast<long>(req.body.size());
        if (size > peak_bytes.load()) peak_bytes.store(size); // BUG: racelab-atomic-split-update
        return crow::response(201);
    });

    // case: crow_cas_atomic_max (ok): the same maximum with a compare_exchange loop; source: https://github.com/CrowCpp/Crow/issues/757
    CROW_ROUTE(app, "/upload2").methods(crow::HTTPMethod::Post)([](const crow::request& req) {
        long size = static_cast<long>(req.body.size());
        long seen = peak_bytes_cas.load();
        while (size > seen && !peak_bytes_cas.compare_exchange_weak(seen, size)) {
        }
        return crow::response(201);
    });

    // case: crow_map_under_mutex (ok): a per-path map updated under a lock_guard; source: https://github.com/CrowCpp/Crow/issues/757
    CROW_ROUTE(app, "/count/<string>")([](const std::string& path) {
        std::lock_guard<std::mutex> lock(per_path_mtx);
        ++per_path[path];
        return crow::response(200);
    });

    app.port(18080).multithreaded().run();
}
