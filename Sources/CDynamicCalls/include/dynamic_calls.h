#ifndef BULKLLM_DYNAMIC_CALLS_H
#define BULKLLM_DYNAMIC_CALLS_H

#include <stddef.h>
#include <stdint.h>

// libcurl's curl_easy_setopt and curl_easy_getinfo are C variadic functions, which Swift cannot
// call through a function pointer. libcurl is opened at run time (CatalogIngest's LibCurl), so
// these call a function found with dlsym, with one argument of a known type, the way C does.

/// curl_easy_setopt(handle, option, (long)value)
int bulkllm_curl_setopt_long(void *function, void *handle, int option, long value);
/// curl_easy_setopt(handle, option, (void *)value): strings, lists, callback data.
int bulkllm_curl_setopt_pointer(void *function, void *handle, int option, const void *value);
/// curl_easy_setopt(handle, option, callback)
int bulkllm_curl_setopt_callback(
    void *function, void *handle, int option, size_t (*callback)(char *, size_t, size_t, void *));
/// curl_easy_getinfo(handle, info, &long)
int bulkllm_curl_getinfo_long(void *function, void *handle, int info, long *value);
/// curl_easy_getinfo(handle, info, &curl_off_t)
int bulkllm_curl_getinfo_offset(void *function, void *handle, int info, int64_t *value);

#endif
