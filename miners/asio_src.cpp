// The one translation unit that compiles Asio and Beast for the whole program (separate
// compilation, defined PUBLIC on solowatch_miners). It lives in miners/, the lowest library
// that does network I/O, so that every library above links exactly one copy.
#include <boost/asio/impl/src.hpp>
// Asio's OpenSSL layer, for https notifications (actors/http_post.cpp).
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
