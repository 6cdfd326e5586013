// The request logger never stalls the server: its sink is a pipe nobody reads until every
// request was answered; the log drops lines instead of blocking, and counts them.
#include "test_client.h"

#include <minigin/minigin.h>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

// Reads the pipe until the writer's end is closed and returns everything it held.
std::string read_all(int fd) {
  std::string all;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0)
    all.append(buf, static_cast<std::size_t>(n));
  return all;
}

std::size_t count_lines(const std::string& s) {
  std::size_t n = 0;
  for (char ch : s)
    n += ch == '\n';
  return n;
}

} // namespace

TEST(RequestLog, BlockedSinkDropsAndCountsLinesButEveryRequestIsAnswered) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  constexpr int kClients = 4, kPerClient = 2500, kRequests = kClients * kPerClient;
  std::atomic<int> answered{0};
  minigin::RequestLogStats stats;
  std::string lines;
  {
    minigin::RequestLog log(fds[1], {.capacity = 1024, .drain_bound = 2000ms, .report_fd = -1});
    minigin::Engine engine;
    engine.use(minigin::logger(log));
    engine.get("/user/:id", [](minigin::Context& c) { c.string(200, c.param("id")); });
    minigin::Server server(engine, {.host = "127.0.0.1", .port = 0, .threads = 2});
    server.start();

    // Nobody reads fds[0] yet: after ~64 KiB the pipe is full and every write to it would block.
    std::vector<std::thread> clients;
    for (int k = 0; k < kClients; ++k)
      clients.emplace_back([&, k] {
        testing_client::RawClient client(server.port());
        for (int i = 0; i < kPerClient; ++i) {
          std::string id = std::to_string(k * kPerClient + i);
          client.send(testing_client::get("/user/" + id));
          auto r = client.read_reply(10s);
          if (r.ok && r.status == 200 && r.body == id)
            answered.fetch_add(1, std::memory_order_relaxed);
          else
            return; // the connection is lost; the assertion below says how many got through
        }
      });
    for (auto& t : clients)
      t.join();
    EXPECT_EQ(answered.load(), kRequests) << "a blocked log sink stalled request handling";
    server.stop();
    server.wait();

    std::thread reader([&] { lines = read_all(fds[0]); });
    EXPECT_TRUE(log.flush(10s)) << "the queued lines did not reach the drained pipe";
    log.close();
    ::close(fds[1]); // the reader sees EOF
    reader.join();
    stats = log.stats();
  }
  ::close(fds[0]);

  EXPECT_EQ(stats.pushed, static_cast<std::uint64_t>(kRequests));
  EXPECT_GT(stats.dropped, 0u) << "the pipe never filled: the test did not block the sink";
  EXPECT_EQ(stats.written + stats.dropped, static_cast<std::uint64_t>(kRequests));
  EXPECT_EQ(count_lines(lines), stats.written) << "every line counted as written reached the pipe";
  std::regex line(R"(\[minigin\] 200 \| [0-9]+\.[0-9]{3}ms \| 127\.0\.0\.1 \| GET /user/[0-9]+)");
  std::istringstream in(lines);
  std::string first;
  std::getline(in, first);
  EXPECT_TRUE(std::regex_match(first, line)) << first;
}

TEST(RequestLog, ShutdownDropsWhatItCannotWriteWithinTheBoundAndReportsIt) {
  int sink[2], report[2];
  ASSERT_EQ(::pipe2(sink, O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(report, O_CLOEXEC), 0);
  minigin::RequestLog log(sink[1],
                          {.capacity = 100'000, .drain_bound = 300ms, .report_fd = report[1]});
  std::string big(1000, 'x'); // 1,000 lines of 1 KB: far more than a pipe holds
  for (int i = 0; i < 1000; ++i)
    EXPECT_TRUE(log.push(big));
  EXPECT_FALSE(log.flush(100ms)) << "nobody reads the sink, yet everything was written";
  auto start = std::chrono::steady_clock::now();
  log.close(); // what the destructor does; bounded although the sink stays blocked
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s) << "shutdown waited for the sink";
  auto stats = log.stats();
  EXPECT_EQ(stats.written + stats.dropped, 1000u);
  EXPECT_GT(stats.dropped, 0u);
  ::close(report[1]);
  std::string reported = read_all(report[0]);
  EXPECT_EQ(reported, "[minigin] request log: " + std::to_string(stats.dropped) +
                          " of 1000 lines dropped (the sink was blocked or too slow)\n");
  ::close(sink[1]);
  EXPECT_EQ(count_lines(read_all(sink[0])), stats.written);
  ::close(sink[0]);
  ::close(report[0]);
}

TEST(RequestLog, AFullQueueDropsInsteadOfWaiting) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  minigin::RequestLog log(fds[1], {.capacity = 8, .drain_bound = 100ms, .report_fd = -1});
  std::string big(PIPE_BUF, 'y');
  int accepted = 0;
  for (int i = 0; i < 200; ++i)
    accepted += log.push(big);
  EXPECT_LT(accepted, 200);
  log.close();
  auto s = log.stats();
  EXPECT_EQ(s.pushed, 200u);
  EXPECT_EQ(s.written + s.dropped, 200u);
  EXPECT_FALSE(log.push("after close")) << "a closed log drops";
  EXPECT_EQ(log.stats().dropped, s.dropped + 1);
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(RequestLog, AReaderThatWentAwayCostsLinesNotTheProcess) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  ::close(fds[0]); // writes now fail with EPIPE (and raise SIGPIPE in the writing thread)
  minigin::RequestLog log(fds[1], {.report_fd = -1});
  for (int i = 0; i < 10; ++i)
    log.push("line " + std::to_string(i));
  EXPECT_TRUE(log.flush(5s));
  EXPECT_EQ(log.stats().dropped, 10u);
  EXPECT_EQ(log.stats().written, 0u);
  ::close(fds[1]);
}
