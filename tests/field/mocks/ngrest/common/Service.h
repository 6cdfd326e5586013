// Mock of ngrest's common/Service.h (https://github.com/loentar/ngrest, core/common/src/Service.h), written for racelab's field
// corpus from ngrest's README, wiki and public headers: only what the cases use, with ngrest's
// namespace, names and signatures; bodies are trivial. Not ngrest's code.
#pragma once

namespace ngrest {

// The base of every service: ngrest's code generator wraps each public method as an operation.
class Service
{
public:
    virtual ~Service() {}
};

} // namespace ngrest
