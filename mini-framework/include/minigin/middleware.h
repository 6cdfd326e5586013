// The middleware minigin ships, as in Gin: a one-line request logger and panic recovery.
#pragma once

#include "minigin/context.h"
#include "minigin/request_log.h"

#include <iosfwd>

namespace minigin {

/// Logs one line per request after it ran: `[minigin] 200 | 1.234ms | 127.0.0.1 | GET /path`,
/// through `log` (default_request_log(): stderr). The line is queued, never written by the
/// request's thread: a blocked sink costs dropped lines (counted in log.stats()), not requests.
/// Lines from concurrent requests never interleave. `log` must outlive the engine's requests.
HandlerFunc logger();
HandlerFunc logger(RequestLog& log);
/// The log behind logger(): stderr, default options, closed at exit (drained within its bound,
/// dropped lines reported on stderr).
RequestLog& default_request_log();

/// Turns an exception escaping a handler into a 500 (if nothing was written yet), logs it to
/// `out`, and lets the server carry on.
HandlerFunc recovery();
HandlerFunc recovery(std::ostream& out);

} // namespace minigin
