// Qt 6.4 HttpServer (Debian qt6-httpserver-dev, with qt6-base-dev for QtCore, QtNetwork and
// QtConcurrent). Route handlers run one at a time in the QHttpServer's thread; a handler may
// return QFuture<QHttpServerResponse> (typically from QtConcurrent::run) to work concurrently.
// Qt's documentation of route(): the QHttpServerRequest is passed by reference, so extract what
// the work needs before QtConcurrent::run() is called. QHttpServerResponder is move-only and
// writes to a QTcpSocket owned by the server's thread.
#include <QtConcurrent/QtConcurrent>
#include <QtCore/QByteArray>
#include <QtCore/QFuture>
#include <QtCore/QMutex>
#include <QtCore/QThreadPool>
#include <QtCore/QTimer>
#include <QtHttpServer/QHttpServer>
#include <QtHttpServer/QHttpServerRequest>
#include <QtHttpServer/QHttpServerResponder>
#include <QtHttpServer/QHttpServerResponse>

#include <atomic>
#include <memory>

QByteArray transcode(const QByteArray& body);
qint64 weigh(int part);

// case: future-captures-request (bug): the QtConcurrent::run lambda returned as the route's future reads the request by reference, which Qt's docs forbid; source: https://doc.qt.io/qt-6/qhttpserver.html#route
void future_captures_request(QHttpServer& server) {
  server.route("/transcode", [](const QHttpServerRequest& request) {
    return QtConcurrent::run([&request] { // BUG: racelab-context-escape
      return QHttpServerResponse(transcode(request.body()));
    });
  });
}

// case: future-extracts-body (ok): the fix the docs give: extract the content before QtConcurrent::run(); source: https://doc.qt.io/qt-6/qhttpserver.html#route
void future_extracts_body(QHttpServer& server) {
  server.route("/transcode", [](const QHttpServerRequest& request) {
    return QtConcurrent::run([body = request.body()] { return QHttpServerResponse(transcode(body)); });
  });
}

// case: future-result-awaited (ok): the future's result taken in the same statement, so the work ends inside the handler; source: https://doc.qt.io/qt-6/qfuture.html#result
void future_result_awaited(QHttpServer& server) {
  server.route("/transcode-sync", [](const QHttpServerRequest& request) {
    QByteArray out = QtConcurrent::run([&request] { return transcode(request.body()); }).result();
    return QHttpServerResponse(out);
  });
}

// case: responder-reference-in-pool (bug): the move-only responder is used by reference from a QThreadPool job after the handler returned; source: https://doc.qt.io/qt-6/qhttpserverresponder.html
void responder_reference_in_pool(QHttpServer& server) {
  server.route("/slow", [](const QHttpServerRequest&, QHttpServerResponder&& responder) {
    QThreadPool::globalInstance()->start([&responder] { // BUG: racelab-context-escape
      responder.write(transcode("slow"), "text/plain");
    });
  });
}

// case: responder-shared-owner-timer (ok): the responder moved into a shared owner and used later by a timer in the server's own thread; source: https://doc.qt.io/qt-6/qtimer.html#singleShot-2
void responder_shared_owner_timer(QHttpServer& server) {
  server.route("/later", [&server](const QHttpServerRequest&, QHttpServerResponder&& responder) {
    auto owned = std::make_shared<QHttpServerResponder>(std::move(responder));
    QTimer::singleShot(100, &server, [owned] { owned->write(QByteArray("done"), "text/plain"); });
  });
}

int visits = 0;

// case: sequential-handler-counter (ok): a plain global counted in a route handler: handlers run one at a time in the server's thread; source: https://doc.qt.io/qt-6/qhttpserver.html#route
void sequential_handler_counter(QHttpServer& server) {
  server.route("/visits", [] {
    ++visits;
    return QHttpServerResponse(QByteArray::number(visits));
  });
}

int transcodes = 0;

// case: concurrent-job-counter (bug): the same kind of counter bumped inside the QtConcurrent work, which runs on the global pool's threads at once; source: https://doc.qt.io/qt-6/qtconcurrentrun.html
void concurrent_job_counter(QHttpServer& server) {
  server.route("/transcode-count", [](const QHttpServerRequest& request) {
    return QtConcurrent::run([body = request.body()] {
      ++transcodes; // BUG: racelab-unsynchronized-shared-write
      return QHttpServerResponse(transcode(body));
    });
  });
}

std::atomic<int> transcodes_atomic{0};

// case: concurrent-job-atomic-counter (ok): the fix: an atomic counter; source: https://doc.qt.io/qt-6/qtconcurrentrun.html
void concurrent_job_atomic_counter(QHttpServer& server) {
  server.route("/transcode-count", [](const QHttpServerRequest& request) {
    return QtConcurrent::run([body = request.body()] {
      transcodes_atomic.fetch_add(1);
      return QHttpServerResponse(transcode(body));
    });
  });
}

// case: pool-jobs-total (bug): QThreadPool jobs, one per part, each adding to a captured total, waited with waitForDone; source: https://doc.qt.io/qt-6/qthreadpool.html
void pool_jobs_total(QHttpServer& server) {
  server.route("/weight", [] {
    qint64 total = 0;
    QThreadPool pool;
    for (int part = 0; part < 8; ++part)
      pool.start([&total, part] {
        total += weigh(part); // BUG: racelab-unsynchronized-shared-write
      });
    pool.waitForDone();
    return QHttpServerResponse(QByteArray::number(total));
  });
}

// case: pool-jobs-total-locked (ok): the fix: the jobs add under a QMutexLocker; source: https://doc.qt.io/qt-6/qmutexlocker.html
void pool_jobs_total_locked(QHttpServer& server) {
  server.route("/weight", [] {
    qint64 total = 0;
    QMutex mutex;
    QThreadPool pool;
    for (int part = 0; part < 8; ++part)
      pool.start([&total, &mutex, part] {
        qint64 w = weigh(part);
        QMutexLocker locker(&mutex);
        total += w;
      });
    pool.waitForDone();
    return QHttpServerResponse(QByteArray::number(total));
  });
}

std::atomic<qint64> heaviest{0};

// case: split-atomic-heaviest (bug): the heaviest body seen, kept from QtConcurrent work with a load then a store; source: https://en.cppreference.com/w/cpp/atomic/atomic/compare_exchange
void split_atomic_heaviest(QHttpServer& server) {
  server.route("/weigh", [](const QHttpServerRequest& request) {
    return QtConcurrent::run([size = qint64(request.body().size())] {
      if (size > heaviest.load()) heaviest.store(size); // BUG: racelab-atomic-split-update
      return QHttpServerResponse(QByteArray::number(size));
    });
  });
}

// case: cas-atomic-heaviest (ok): the fix: a compare_exchange loop; source: https://en.cppreference.com/w/cpp/atomic/atomic/compare_exchange
void cas_atomic_heaviest(QHttpServer& server) {
  server.route("/weigh", [](const QHttpServerRequest& request) {
    return QtConcurrent::run([size = qint64(request.body().size())] {
      qint64 seen = heaviest.load();
      while (size > seen && !heaviest.compare_exchange_weak(seen, size)) {
      }
      return QHttpServerResponse(QByteArray::number(size));
    });
  });
}
