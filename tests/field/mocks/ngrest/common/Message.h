// Mock of ngrest's common/Message.h (https://github.com/loentar/ngrest, core/common/src/Message.h), written for racelab's field
// corpus from ngrest's README, wiki and public headers: only what the cases use, with ngrest's
// namespace, names and signatures; bodies are trivial. Not ngrest's code.
#pragma once
#include <stdint.h>

#include <ngrest/common/Callback.h>

namespace ngrest {

class Transport;

struct Header
{
    const char* name;
    const char* value;
    const Header* next;
};

struct Request
{
    const char* path = nullptr;
    const Header* headers = nullptr;
    char* body = nullptr;
    uint64_t bodySize = 0;

    const Header* getHeader(const char* name) const { (void)name; return headers; }
};

struct Response
{
    const Header* headers = nullptr;
};

struct MessageContext;

class MessageCallback: public Callback<MessageContext*>
{
};

// One per request, allocated from the request's pool.
struct MessageContext
{
    Transport* transport = nullptr;
    Request* request = nullptr;
    Response* response = nullptr;
    MessageCallback* callback = nullptr;
};

} // namespace ngrest
