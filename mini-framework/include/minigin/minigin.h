// minigin: a small Gin-style HTTP framework. Start with context.h.
#pragma once

#include "minigin/context.h"
#include "minigin/context_copy.h"
#include "minigin/engine.h"
#include "minigin/http.h"
#include "minigin/middleware.h"
#include "minigin/request_log.h"
#include "minigin/server.h"
