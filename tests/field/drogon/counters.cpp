// Shared state in drogon handlers: drogon runs handlers on all of its I/O threads at once
// (app().setThreadNum(n)), so a plain counter loses updates, and so does an atomic updated with
// a separate load and store.
#include <drogon/drogon.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

using namespace drogon;

uint64_t requestCount = 0;
std::atomic<uint64_t> bytesIn{0};
std::atomic<uint64_t> bytesIn2{0};
std::mutex statsMutex;
std::unordered_map<std::string, uint64_t> perUser;

int main()
{
    // case: drogon_global_request_count (bug): a plain global counter incremented on every I/O thread; source: https://github.com/drogonframework/drogon/issues/973
    app().registerHandler(
        "/hit",
        [](const HttpRequestPtr &, std::function<void(const HttpResponsePtr &)> &&callback) {
            requestCount++; // BUG: racelab-unsynchronized-shared-write
            callback(HttpResponse::newHttpResponse());
        },
        {Get});

    // case: drogon_split_atomic_add (bug): an atomic total assigned from its own value plus the body size; source: https://github.com/drogonframework/drogon/issues/973
    app().registerHandler(
        "/upload",
        [](const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback) {
            bytesIn = bytesIn + req->body().size(); // BUG: racelab-atomic-split-update
            callback(HttpResponse::newHttpResponse());
        },
        {Post});

    // case: drogon_atomic_add (ok): the same total with fetch_add; source: https://github.com/drogonframework/drogon/issues/973
    app().registerHandler(
        "/upload2",
        [](const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback) {
            bytesIn2.fetch_add(req->body().size());
            callback(HttpResponse::newHttpResponse());
        },
        {Post});

    // case: drogon_map_under_mutex (ok): a per-user map updated under a lock_guard; source: https://github.com/drogonframework/drogon/issues/1063
    app().registerHandler(
        "/user/{name}",
        [](const HttpRequestPtr &,
           std::function<void(const HttpResponsePtr &)> &&callback,
           const std::string &name) {
            {
                std::lock_guard<std::mutex> lock(statsMutex);
                ++perUser[name];
            }
            callback(HttpResponse::newHttpResponse());
        },
        {Get});

    app().setThreadNum(4).addListener("0.0.0.0", 8080).run();
}
