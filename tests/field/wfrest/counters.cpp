// Shared state in wfrest handlers: workflow runs server handlers on its handler threads (and
// compute-queue routes on its compute threads), several at once, so a plain counter written in a
// handler loses updates.
#include "wfrest/HttpServer.h"

#include <atomic>
#include <map>
#include <mutex>
#include <string>

using namespace wfrest;

long visits = 0;
std::atomic<long> visits2{0};
std::mutex tags_mtx;
std::map<std::string, long> tags;

int main()
{
    HttpServer svr;

    // case: wfrest_global_counter (bug): a global visit counter incremented on the handler threads; source: https://github.com/wfrest/wfrest/issues/283
    svr.GET("/visit", [](const HttpReq *, HttpResp *resp) {
        visits++; // BUG: racelab-unsynchronized-shared-write
        resp->String("ok");
    });

    // case: wfrest_compute_route_counter (bug): the same counter in a route run on compute queue 1; source: https://github.com/wfrest/wfrest/issues/283
    svr.GET("/visit2", 1, [](const HttpReq *, HttpResp *resp) {
        visits += 1; // BUG: racelab-unsynchronized-shared-write
        resp->String("ok");
    });

    // case: wfrest_atomic_counter (ok): an atomic counter; source: https://github.com/wfrest/wfrest/issues/283
    svr.GET("/visit3", [](const HttpReq *, HttpResp *resp) {
        visits2.fetch_add(1);
        resp->String("ok");
    });

    // case: wfrest_map_under_mutex (ok): a map of tags updated under a lock_guard; source: https://github.com/wfrest/wfrest/issues/283
    svr.POST("/tag", [](const HttpReq *req, HttpResp *resp) {
        {
            std::lock_guard<std::mutex> lock(tags_mtx);
            ++tags[req->body()];
        }
        resp->String("ok");
    });

    svr.start(8888);
}
