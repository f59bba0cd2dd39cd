// INFERCOST_API marks what a shared libinfercost exports; the library is built with hidden visibility, so
// nothing else leaves it. CMake defines INFERCOST_STATIC for a static library and its users (the macro is
// then empty) and INFERCOST_BUILDING while it compiles a shared one.
#pragma once

#if defined(INFERCOST_STATIC)
#define INFERCOST_API
#elif defined(_WIN32)
#if defined(INFERCOST_BUILDING)
#define INFERCOST_API __declspec(dllexport)
#else
#define INFERCOST_API __declspec(dllimport)
#endif
#else
#define INFERCOST_API __attribute__((visibility("default")))
#endif
