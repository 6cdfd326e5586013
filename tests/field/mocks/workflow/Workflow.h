// Mock of sogou/workflow's Workflow.h (https://github.com/sogou/workflow): SeriesWork is declared
// in the mock's WFTaskFactory.h. Not workflow's code.
#pragma once
#include "workflow/WFTaskFactory.h"
