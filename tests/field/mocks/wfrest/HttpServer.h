// Mock of wfrest's HttpServer.h (https://github.com/wfrest/wfrest, src/core/HttpServer.h and
// BluePrint.h), written for racelab's field corpus from wfrest's README, docs and public headers:
// only what the cases use, with wfrest's namespace, names and signatures; bodies are trivial.
// Not wfrest's code.
#pragma once
#include <functional>
#include <string>

#include "wfrest/HttpMsg.h"
#include "workflow/Workflow.h"

namespace wfrest
{
using Handler = std::function<void(const HttpReq *, HttpResp *)>;
using SeriesHandler = std::function<void(const HttpReq *, HttpResp *, SeriesWork *)>;

class HttpServer : public Noncopyable
{
public:
    void GET(const std::string &route, const Handler &handler) { (void)route, (void)handler; }
    // The handler runs on compute queue compute_queue_id instead of a handler thread.
    void GET(const std::string &route, int compute_queue_id, const Handler &handler)
    {
        (void)route, (void)compute_queue_id, (void)handler;
    }
    void POST(const std::string &route, const Handler &handler) { (void)route, (void)handler; }
    void GET(const std::string &route, const SeriesHandler &handler) { (void)route, (void)handler; }
    void POST(const std::string &route, const SeriesHandler &handler) { (void)route, (void)handler; }

    int start(unsigned short port) { (void)port; return 0; }
    void stop() {}
};

} // namespace wfrest
