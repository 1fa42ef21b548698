// EiBuffer: libei's growable ei_x_buff, freed when it goes out of scope.
#pragma once

#include <ei.h>

#include <string>
#include <string_view>

namespace ejcluster::erl {

class EiBuffer {
 public:
  EiBuffer() { ei_x_new(&buffer_); }
  ~EiBuffer() { ei_x_free(&buffer_); }
  EiBuffer(const EiBuffer&) = delete;
  EiBuffer& operator=(const EiBuffer&) = delete;

  ei_x_buff* get() { return &buffer_; }
  std::string_view bytes() const { return std::string_view(buffer_.buff, buffer_.index); }

 private:
  ei_x_buff buffer_;
};

}  // namespace ejcluster::erl
