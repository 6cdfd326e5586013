// cpp-httplib (Debian's libcpp-httplib-dev, 0.11.4) hello world, configured at its best for
// this benchmark: TCP_NODELAY, a large worker pool, keep-alive without a request limit.
// `--defaults` leaves cpp-httplib as it comes.
#include <httplib.h>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  bool defaults = argc > 1 && std::strcmp(argv[1], "--defaults") == 0;
  httplib::Server svr;
  if (!defaults) {
    svr.set_tcp_nodelay(true);
    svr.set_keep_alive_max_count(1000000);
    svr.new_task_queue = [] { return new httplib::ThreadPool(128); };
  }
  svr.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("hello", "text/plain");
  });
  int port = svr.bind_to_any_port("127.0.0.1");
  std::printf("listening on http://127.0.0.1:%d\n", port);
  std::fflush(stdout);
  svr.listen_after_bind();
}
