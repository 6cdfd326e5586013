// The middleware minigin ships, as in Gin: a one-line request logger and panic recovery.
#pragma once

#include "minigin/context.h"

#include <iosfwd>

namespace minigin {

/// Logs one line per request after it ran: `[minigin] 200 | 1.234ms | 127.0.0.1 | GET /path`.
/// Writes to `out` (std::clog by default); lines from concurrent requests never interleave.
HandlerFunc logger();
HandlerFunc logger(std::ostream& out);

/// Turns an exception escaping a handler into a 500 (if nothing was written yet), logs it to
/// `out`, and lets the server carry on.
HandlerFunc recovery();
HandlerFunc recovery(std::ostream& out);

} // namespace minigin
