// BS::thread_pool (v4/v5 API) used to take work off a web framework's handler. detach_task
// returns nothing: no one waits for the task. submit_task returns a std::future that, unlike
// std::async's, does not block in its destructor: the task is scoped only when the handler waits
// for it (get() or wait()) before returning.
#include "BS_thread_pool.hpp"
#include "crow.h"
#include <drogon/drogon.h>

#include <future>
#include <string>
#include <vector>

std::string render(const std::string &body);
std::string render_part(const std::string &body, std::size_t part);

BS::thread_pool pool;
std::vector<std::future<std::string>> pending;

void register_crow(crow::SimpleApp &app)
{
    // case: bs_detach_task_ref (bug): the handler's request and response captured by reference into a detached pool task; source: https://github.com/CrowCpp/Crow/issues/843
    CROW_ROUTE(app, "/render")([](const crow::request &req, crow::response &res) {
        pool.detach_task([&req, &res] { // BUG: racelab-context-escape
            res.body = render(req.body);
            res.end();
        });
    });

    // case: bs_submit_task_get (ok): the task's future is waited on in the same statement; source: https://github.com/bshoshany/thread-pool/blob/master/README.md
    CROW_ROUTE(app, "/render2")([](const crow::request &req) {
        std::string body = pool.submit_task([&req] { return render(req.body); }).get();
        return crow::response(200, body);
    });

    // case: bs_submit_task_local_wait (ok): the future is kept in a local and waited on before the handler returns; source: https://github.com/bshoshany/thread-pool/blob/master/README.md
    CROW_ROUTE(app, "/render3")([](const crow::request &req, crow::response &res) {
        std::future<std::string> part = pool.submit_task([&req] { return render(req.body); });
        res.set_header("Content-Type", "text/html");
        part.wait();
        res.body = part.get();
        res.end();
    });

    // case: bs_submit_task_kept (bug): the future is stored in a global list and the handler returns without waiting; source: https://github.com/bshoshany/thread-pool/blob/master/README.md
    CROW_ROUTE(app, "/render4")([](const crow::request &req) {
        pending.push_back(pool.submit_task([&req] { return render(req.body); })); // BUG: racelab-context-escape
        return crow::response(202);
    });

    // case: bs_submit_loop_wait (ok): the body rendered in parallel blocks, one slot per block, waited on at once; source: https://github.com/bshoshany/thread-pool/blob/master/README.md
    CROW_ROUTE(app, "/render5")([](const crow::request &req) {
        std::vector<std::string> parts(8);
        pool.submit_loop(std::size_t{0}, parts.size(), [&](std::size_t i) { parts[i] = render_part(req.body, i); }).wait();
        std::string body;
        for (const auto &p : parts) body += p;
        return crow::response(200, body);
    });
}

void register_drogon()
{
    using namespace drogon;
    // case: bs_drogon_owned (ok): the request pointer copied and the callback moved into a detached pool task; source: https://github.com/drogonframework/drogon/issues/1104
    app().registerHandler(
        "/render",
        [](const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback) {
            pool.detach_task([req, callback = std::move(callback)] {
                auto resp = HttpResponse::newHttpResponse();
                resp->setBody(render(std::string(req->body())));
                callback(resp);
            });
        },
        {Post});

    // case: bs_drogon_reqptr_ref (bug): the request pointer captured by reference into a detached pool task; source: https://github.com/drogonframework/drogon/issues/1104
    app().registerHandler(
        "/render2",
        [](const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback) {
            pool.detach_task([&req, callback = std::move(callback)] { // BUG: racelab-context-escape
                auto resp = HttpResponse::newHttpResponse();
                resp->setBody(render(std::string(req->body())));
                callback(resp);
            });
        },
        {Post});
}
