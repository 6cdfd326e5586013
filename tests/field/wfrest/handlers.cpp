// wfrest handlers that answer from other threads. A handler gets `const HttpReq *` and
// `HttpResp *`; the server task deletes both once the handler returns and nothing more is
// queued in its series (wfrest#283). The maintainers' answers: run the work with resp->Compute
// (a go task in the handler's series), or block the series with a WFCounterTask and count() it
// from your own thread when the response is written.
#include "wfrest/HttpServer.h"
#include "workflow/WFTaskFactory.h"

#include <chrono>
#include <string>
#include <thread>

using namespace wfrest;

std::string slow_render(const std::string &input);

void add_routes(HttpServer &svr)
{
    // case: wfrest_resp_to_thread (bug): wfrest#283's question: resp handed to a detached thread that writes it ten seconds later, after the server task freed it; source: https://github.com/wfrest/wfrest/issues/283
    svr.GET("/late", [](const HttpReq *req, HttpResp *resp) {
        std::thread([resp]() { // BUG: racelab-context-escape
            std::this_thread::sleep_for(std::chrono::seconds(10));
            resp->String("hello world");
        }).detach();
    });

    // case: wfrest_compute (ok): the maintainer's first answer: resp->Compute runs the function in a compute thread inside the handler's series; source: https://github.com/wfrest/wfrest/issues/283
    svr.GET("/compute", [](const HttpReq *req, HttpResp *resp) {
        resp->Compute(1, [resp]() {
            std::this_thread::sleep_for(std::chrono::seconds(10));
            resp->String("hello world");
        });
    });

    // case: wfrest_counter_task (ok): the maintainer's second answer: a counter blocks the series, and the thread count()s it once the response is written; source: https://github.com/wfrest/wfrest/issues/283
    svr.GET("/series", [](const HttpReq *req, HttpResp *resp, SeriesWork *series) {
        WFCounterTask *counter = WFTaskFactory::create_counter_task(1, nullptr);
        series->push_back(counter);
        std::thread([resp, counter, q = req->query("q")]() {
            resp->String(slow_render(q));
            counter->count();
        }).detach();
    });

    // case: wfrest_req_default_ref (bug): a [&] default reads the request body on a detached thread; source: https://github.com/wfrest/wfrest/issues/283
    svr.POST("/echo", [](const HttpReq *req, HttpResp *resp) {
        resp->String("accepted");
        std::thread([&]() {
            slow_render(req->body()); // BUG: racelab-context-escape
        }).detach();
    });

    // case: wfrest_req_fields_copied (ok): the body copied into the thread, resp untouched there; source: https://github.com/wfrest/wfrest/issues/283
    svr.POST("/echo2", [](const HttpReq *req, HttpResp *resp) {
        resp->String("accepted");
        std::thread([body = req->body()]() { slow_render(body); }).detach();
    });

    // case: wfrest_counter_not_last (bug): the counter is opened first and the thread then still writes resp: once count() lets the series end, resp is sent and freed; source: https://github.com/wfrest/wfrest/issues/283
    svr.GET("/series2", [](const HttpReq *req, HttpResp *resp, SeriesWork *series) {
        WFCounterTask *counter = WFTaskFactory::create_counter_task(1, nullptr);
        series->push_back(counter);
        std::thread([resp, counter]() { // BUG: racelab-context-escape
            counter->count();
            resp->String("done");
        }).detach();
    });

    // case: wfrest_no_thread (ok): the response is written by the handler; source: https://github.com/wfrest/wfrest/issues/283
    svr.GET("/hello", [](const HttpReq *req, HttpResp *resp) {
        resp->String("hello " + req->param("name"));
    });

    // case: wfrest_compute_parameter_by_reference (bug): resp->Compute keeps the response alive until its function has run, but the function captured the handler's own parameter by reference, which is gone when the handler returns; source: https://github.com/wfrest/wfrest/issues/283
    svr.GET("/compute2", [](const HttpReq *req, HttpResp *resp) {
        resp->Compute(1, [&resp]() { // BUG: racelab-context-escape
            resp->String(slow_render("report"));
        });
    });

    // case: wfrest_compute_request_by_value (ok): the request pointer by value in a compute task: the series keeps it alive too; source: https://github.com/wfrest/wfrest/issues/283
    svr.POST("/compute3", [](const HttpReq *req, HttpResp *resp) {
        resp->Compute(1, [req, resp]() { resp->String(slow_render(req->body())); });
    });
}
