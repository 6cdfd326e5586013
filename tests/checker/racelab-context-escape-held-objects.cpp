// RUN: racelab-context-escape --config="{CheckOptions: [{key: ContextTypes, value: '::net::Request;::net::RequestPtr'}, {key: SpawnFunctions, value: '::net::Pool::start;::net::Pool::startOwned'}]}" -- -std=c++20
// A task object built from the request and handed to a pool (a Poco::Runnable queued on
// ThreadPool::start): when the object keeps a reference or pointer to the request in a member,
// the request escapes through the object. An object holding copies of the fields does not.
#include <memory>
#include <string>

namespace net {
class Request {
public:
  virtual ~Request() = default;
  virtual const std::string& uri() const = 0;
};
using RequestPtr = std::shared_ptr<Request>;
struct Runnable {
  virtual ~Runnable() = default;
  virtual void run() = 0;
};
struct Pool {
  void start(Runnable& job);       // runs job.run() on a pool thread, later
  void startOwned(Runnable* job);  // the same, the pool deletes job
  void wait();                     // returns when every task has run
};
} // namespace net

void audit(const std::string& line);

class ByReference : public net::Runnable {
public:
  explicit ByReference(net::Request& request) : request_(request) {}
  void run() override { audit(request_.uri()); }

private:
  net::Request& request_;
};

class ByPointer : public net::Runnable {
public:
  explicit ByPointer(const net::Request* request) : request_(request) {}
  void run() override { audit(request_->uri()); }

private:
  const net::Request* request_;
};

// ===== Flagged ================================================================

void queuedByReference(net::Pool& pool, net::Request& request) {
  pool.start(*new ByReference(request));
  // CHECK-NOTES: :[[@LINE-1]]:31: warning: original context 'request' held by reference in the 'ByReference' handed over escapes into a task started by '::net::Pool::start'; the context is reset or destroyed when the request ends: copy the values the work needs into owning members of 'ByReference' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: the task is handed over here
}

void queuedByPointer(net::Pool& pool, net::Request& request) {
  pool.startOwned(new ByPointer(&request));
  // CHECK-NOTES: :[[@LINE-1]]:33: warning: original context 'request' held by pointer in the 'ByPointer' handed over escapes into a task started by '::net::Pool::startOwned'; the context is reset or destroyed when the request ends: copy the values the work needs into owning members of 'ByPointer' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: the task is handed over here
}

// Through a local: the object is built first, then handed over.
void throughALocal(net::Pool& pool, net::Request& request) {
  auto* job = new ByReference(request);
  // CHECK-NOTES: :[[@LINE-1]]:31: warning: original context 'request' held by reference in the 'ByReference' handed over escapes into a task started by '::net::Pool::start'; the context is reset or destroyed when the request ends: copy the values the work needs into owning members of 'ByReference' instead [racelab-context-escape]
  pool.start(*job);
  // CHECK-NOTES: :[[@LINE-1]]:8: note: the task is handed over here
}

// ===== Not flagged ============================================================

// The cure: the object owns copies of what it needs.
class ByCopy : public net::Runnable {
public:
  explicit ByCopy(const net::Request& request) : uri_(request.uri()) {}
  void run() override { audit(uri_); }

private:
  std::string uri_;
};

void queuedCopy(net::Pool& pool, net::Request& request) {
  pool.start(*new ByCopy(request));
}

// A shared owner of the request, held by value.
class ByOwner : public net::Runnable {
public:
  explicit ByOwner(net::RequestPtr request) : request_(std::move(request)) {}
  void run() override { audit(request_->uri()); }

private:
  net::RequestPtr request_;
};

void queuedOwner(net::Pool& pool, const net::RequestPtr& request) {
  pool.start(*new ByOwner(request));
}

// The pool is a local that is waited on before the handler returns.
void waitedOn(net::Request& request) {
  net::Pool pool;
  ByReference job(request);
  pool.start(job);
  pool.wait();
}
