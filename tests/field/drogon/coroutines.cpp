// Drogon's C++20 coroutine handlers. A handler returning Task<HttpResponsePtr> is awaited by the
// framework, and work co_awaited inside it ends before it resumes; a coroutine started with
// async_run from a plain handler runs detached, so its lambda's references dangle.
#include <drogon/drogon.h>

#include <string>

using namespace drogon;

std::string render(const std::string &body);

void registerCoroutines()
{
    // case: drogon_coro_awaited_loop_work (ok): work queued on another loop and co_awaited inside a coroutine handler; source: https://github.com/drogonframework/drogon/wiki/ENG-16-Coroutines
    app().registerHandler(
        "/render",
        [](HttpRequestPtr req) -> Task<HttpResponsePtr> {
            auto body = co_await queueInLoopCoro<std::string>(app().getIOLoop(1), [&req] {
                return render(std::string(req->body()));
            });
            auto resp = HttpResponse::newHttpResponse();
            resp->setBody(body);
            co_return resp;
        },
        {Post});

    // case: drogon_async_run_by_reference (bug): a detached coroutine lambda captures the request pointer by reference; source: https://github.com/drogonframework/drogon/pull/1069
    app().registerHandler(
        "/render2",
        [](const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback) {
            async_run([&req, callback = std::move(callback)]() -> Task<> { // BUG: racelab-context-escape
                auto body = co_await queueInLoopCoro<std::string>(app().getIOLoop(1), [req] {
                    return render(std::string(req->body()));
                });
                auto resp = HttpResponse::newHttpResponse();
                resp->setBody(body);
                callback(resp);
            });
        },
        {Post});

    // case: drogon_async_run_by_value (ok): the same detached coroutine with the request pointer and the callback owned by the lambda; source: https://github.com/drogonframework/drogon/pull/1069
    app().registerHandler(
        "/render3",
        [](const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback) {
            async_run([req, callback = std::move(callback)]() -> Task<> {
                auto body = co_await queueInLoopCoro<std::string>(app().getIOLoop(1), [req] {
                    return render(std::string(req->body()));
                });
                auto resp = HttpResponse::newHttpResponse();
                resp->setBody(body);
                callback(resp);
            });
        },
        {Post});
}
