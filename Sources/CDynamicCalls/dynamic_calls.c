#include "dynamic_calls.h"

typedef int (*variadic_function)(void *, int, ...);

int bulkllm_curl_setopt_long(void *function, void *handle, int option, long value) {
    return ((variadic_function)function)(handle, option, value);
}

int bulkllm_curl_setopt_pointer(void *function, void *handle, int option, const void *value) {
    return ((variadic_function)function)(handle, option, value);
}

int bulkllm_curl_setopt_callback(
    void *function, void *handle, int option, size_t (*callback)(char *, size_t, size_t, void *)) {
    return ((variadic_function)function)(handle, option, callback);
}

int bulkllm_curl_getinfo_long(void *function, void *handle, int info, long *value) {
    return ((variadic_function)function)(handle, info, value);
}

int bulkllm_curl_getinfo_offset(void *function, void *handle, int info, int64_t *value) {
    return ((variadic_function)function)(handle, info, value);
}
