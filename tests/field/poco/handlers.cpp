// Poco::Net 1.11 (Debian libpoco-dev): HTTPServer calls handleRequest(HTTPServerRequest&,
// HTTPServerResponse&) of a fresh handler on one of its TCPServer pool threads, several
// connections at once. The request and response belong to the connection's run(); once
// handleRequest returns they are gone (and the connection may read the next request).
#include <Poco/AtomicCounter.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Runnable.h>
#include <Poco/Thread.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using Poco::Net::HTTPRequestHandler;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

void audit(const std::string& line);
std::string render(const std::string& uri);
long tally(int bucket);

// case: detached-thread-request (bug): an audit thread started from handleRequest reads the request by reference after the handler returned; source: https://docs.pocoproject.org/current/Poco.Net.HTTPRequestHandler.html
class AuditingHandler : public HTTPRequestHandler {
public:
  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    std::thread([&request] { audit(request.getMethod() + " " + request.getURI()); }).detach(); // BUG: racelab-context-escape
    response.setContentType("text/plain");
    response.send() << render(request.getURI());
  }
};

// case: detached-thread-copied-fields (ok): the fix: the thread owns copies of the method and URI; source: https://docs.pocoproject.org/current/Poco.Net.HTTPRequestHandler.html
class AuditingHandlerFixed : public HTTPRequestHandler {
public:
  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    std::thread([line = request.getMethod() + " " + request.getURI()] { audit(line); }).detach();
    response.setContentType("text/plain");
    response.send() << render(request.getURI());
  }
};

// case: poco-thread-response-later (bug): a heap Poco::Thread answers through the response after handleRequest returned; source: https://docs.pocoproject.org/current/Poco.Thread.html
class LateAnswerHandler : public HTTPRequestHandler {
public:
  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    auto* worker = new Poco::Thread;
    worker->startFunc([&response, uri = request.getURI()] { response.send() << render(uri); }); // BUG: racelab-context-escape
  }
};

// case: poco-thread-joined (ok): a Poco::Thread joined before handleRequest returns; source: https://docs.pocoproject.org/current/Poco.Thread.html
class JoinedWorkerHandler : public HTTPRequestHandler {
public:
  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    std::string page;
    Poco::Thread worker;
    worker.startFunc([&] { page = render(request.getURI()); });
    worker.join();
    response.send() << page;
  }
};

// case: runnable-holds-request (bug): a Runnable keeping a reference to the request is queued on the default ThreadPool; source: https://docs.pocoproject.org/current/Poco.ThreadPool.html
class AuditJob : public Poco::Runnable {
public:
  explicit AuditJob(HTTPServerRequest& request) : request_(request) {}
  void run() override {
    audit(request_.getURI());
    delete this;
  }

private:
  HTTPServerRequest& request_;
};

class QueuedAuditHandler : public HTTPRequestHandler {
public:
  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    Poco::ThreadPool::defaultPool().start(*new AuditJob(request)); // BUG: racelab-context-escape
    response.send() << "queued";
  }
};

// case: runnable-copies-request-fields (ok): the fix: the Runnable owns a copy of the URI it needs, taken while the request is alive; source: https://docs.pocoproject.org/current/Poco.Runnable.html
class AuditCopyJob : public Poco::Runnable {
public:
  explicit AuditCopyJob(const HTTPServerRequest& request) : uri_(request.getURI()) {}
  void run() override {
    audit(uri_);
    delete this;
  }

private:
  std::string uri_;
};

class QueuedAuditCopyHandler : public HTTPRequestHandler {
public:
  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    Poco::ThreadPool::defaultPool().start(*new AuditCopyJob(request));
    response.send() << "queued";
  }
};

// case: synchronous-handler (ok): the response is written on the connection's thread; source: https://docs.pocoproject.org/current/Poco.Net.HTTPServerResponse.html
class PageHandler : public HTTPRequestHandler {
public:
  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    response.setChunkedTransferEncoding(true);
    response.setContentType("text/html");
    std::ostream& out = response.send();
    out << render(request.getURI());
  }
};

long page_hits = 0;

// case: handler-global-counter (bug): a plain global counted in handleRequest, which the server's pool threads run at once; source: https://github.com/pocoproject/poco/issues/3669
class CountingHandler : public HTTPRequestHandler {
public:
  void handleRequest(HTTPServerRequest&, HTTPServerResponse& response) override {
    page_hits++; // BUG: racelab-unsynchronized-shared-write
    response.send() << page_hits;
  }
};

Poco::AtomicCounter page_hits_atomic;

// case: handler-atomic-counter (ok): the fix with Poco's own atomic counter; source: https://docs.pocoproject.org/current/Poco.AtomicCounter.html
class AtomicCountingHandler : public HTTPRequestHandler {
public:
  void handleRequest(HTTPServerRequest&, HTTPServerResponse& response) override {
    int now = ++page_hits_atomic;
    response.send() << now;
  }
};

// case: fan-out-total (bug): joined std::threads per bucket, all adding to one captured total; source: https://en.cppreference.com/w/cpp/thread/thread/join
class TallyHandler : public HTTPRequestHandler {
public:
  void handleRequest(HTTPServerRequest&, HTTPServerResponse& response) override {
    long total = 0;
    std::vector<std::thread> workers;
    for (int b = 0; b < 4; ++b)
      workers.emplace_back([&total, b] {
        total += tally(b); // BUG: racelab-unsynchronized-shared-write
      });
    for (auto& w : workers) w.join();
    response.send() << total;
  }
};

// case: fan-out-total-locked (ok): the fix: the threads add under a std::lock_guard; source: https://en.cppreference.com/w/cpp/thread/lock_guard
class TallyHandlerFixed : public HTTPRequestHandler {
public:
  void handleRequest(HTTPServerRequest&, HTTPServerResponse& response) override {
    long total = 0;
    std::mutex m;
    std::vector<std::thread> workers;
    for (int b = 0; b < 4; ++b)
      workers.emplace_back([&total, &m, b] {
        long t = tally(b);
        std::lock_guard<std::mutex> lock(m);
        total += t;
      });
    for (auto& w : workers) w.join();
    response.send() << total;
  }
};

std::atomic<std::streamsize> biggest_upload{0};

// case: split-atomic-biggest (bug): the biggest upload kept with a load then a store in handleRequest; source: https://en.cppreference.com/w/cpp/atomic/atomic/compare_exchange
class UploadHandler : public HTTPRequestHandler {
public:
  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    std::streamsize n = request.getContentLength();
    if (n > biggest_upload.load()) biggest_upload.store(n); // BUG: racelab-atomic-split-update
    response.send() << "ok";
  }
};

// case: cas-atomic-biggest (ok): the fix: a compare_exchange loop; source: https://en.cppreference.com/w/cpp/atomic/atomic/compare_exchange
class UploadHandlerFixed : public HTTPRequestHandler {
public:
  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    std::streamsize n = request.getContentLength();
    std::streamsize seen = biggest_upload.load();
    while (n > seen && !biggest_upload.compare_exchange_weak(seen, n)) {
    }
    response.send() << "ok";
  }
};
