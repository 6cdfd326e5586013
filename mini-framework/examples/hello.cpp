// minigin-hello: the smallest useful minigin server.
//
//   minigin-hello [--port N] [--threads N] [--host ADDR]
//
//   GET  /          -> hello
//   GET  /user/:id  -> the id
//   POST /echo      -> the request body
//   GET  /search    -> the value of query key q
#include <minigin/minigin.h>

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"minigin-hello: a minigin example server (GET /, GET /user/:id, POST /echo, "
               "GET /search?q=...)"};
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  unsigned threads = 0;
  bool quiet = false;
  app.add_option("--host", host, "address to listen on")->capture_default_str();
  app.add_option("--port", port, "port to listen on; 0 lets the kernel pick one")
      ->capture_default_str();
  app.add_option("--threads", threads, "worker threads; 0 means one per core")
      ->capture_default_str();
  app.add_flag("--quiet", quiet, "do not log requests");
  CLI11_PARSE(app, argc, argv);

  minigin::Engine engine;
  engine.use(minigin::recovery());
  if (!quiet)
    engine.use(minigin::logger());

  engine.get("/", [](minigin::Context& c) { c.string(200, "hello"); });
  engine.get("/user/:id", [](minigin::Context& c) { c.string(200, c.param("id")); });
  engine.post("/echo",
              [](minigin::Context& c) { c.data(200, "application/octet-stream", c.body()); });
  engine.get("/search", [](minigin::Context& c) { c.string(200, c.query("q")); });

  minigin::ServerOptions options;
  options.host = host;
  options.port = port;
  options.threads = threads;
  minigin::Server server(engine, options);
  server.stop_on_signals();
  try {
    server.start();
  } catch (const std::exception& e) {
    std::cerr << "minigin-hello: cannot listen on " << host << ":" << port << ": " << e.what()
              << "\n";
    return 1;
  }
  std::cout << "minigin-hello listening on http://" << server.address() << "\n" << std::flush;
  server.wait();
  std::cout << "minigin-hello: shut down\n";
  return 0;
}
