#ifndef CCOFFER_CURL_H
#define CCOFFER_CURL_H

#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call:
// these typed wrappers give each argument kind its own entry point.

CURLcode ccoffer_curl_easy_setopt_long(CURL *_Nonnull handle, CURLoption option, long value);
CURLcode ccoffer_curl_easy_setopt_pointer(CURL *_Nonnull handle, CURLoption option, void *_Nullable value);
CURLcode ccoffer_curl_easy_setopt_string(CURL *_Nonnull handle, CURLoption option, const char *_Nullable value);
CURLcode ccoffer_curl_easy_setopt_off_t(CURL *_Nonnull handle, CURLoption option, curl_off_t value);
CURLcode ccoffer_curl_easy_setopt_blob(CURL *_Nonnull handle, CURLoption option, const void *_Nonnull data, size_t length);
CURLcode ccoffer_curl_easy_setopt_write_function(CURL *_Nonnull handle,
    size_t (*_Nullable callback)(char *_Nonnull, size_t, size_t, void *_Nullable));
CURLcode ccoffer_curl_easy_setopt_read_function(CURL *_Nonnull handle,
    size_t (*_Nullable callback)(char *_Nonnull, size_t, size_t, void *_Nullable));
CURLcode ccoffer_curl_easy_setopt_header_function(CURL *_Nonnull handle,
    size_t (*_Nullable callback)(char *_Nonnull, size_t, size_t, void *_Nullable));
CURLcode ccoffer_curl_easy_setopt_xferinfo_function(CURL *_Nonnull handle,
    int (*_Nullable callback)(void *_Nullable, curl_off_t, curl_off_t, curl_off_t, curl_off_t));
CURLcode ccoffer_curl_easy_getinfo_long(CURL *_Nonnull handle, CURLINFO info, long *_Nonnull value);
CURLcode ccoffer_curl_easy_getinfo_socket(CURL *_Nonnull handle, CURLINFO info, curl_socket_t *_Nonnull value);
CURLMcode ccoffer_curl_multi_setopt_long(CURLM *_Nonnull handle, CURLMoption option, long value);

#endif
