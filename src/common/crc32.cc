#include "common/crc32.h"

#include <zlib.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace common {
namespace {

uint32_t crc32_zlib(uint32_t crc, const char* data, size_t size) {
  return static_cast<uint32_t>(
      ::crc32_z(crc, reinterpret_cast<const Bytef*>(data), static_cast<z_size_t>(size)));
}

#if defined(__x86_64__)

// x's low 64 bits times k's low half, plus the high halves' product, plus `next`: x carried
// forward across the distance k stands for, onto the data there.
__attribute__((target("pclmul,sse4.1"))) inline __m128i fold_onto(__m128i x, __m128i k,
                                                                  __m128i next) {
  return _mm_xor_si128(
      _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11)), next);
}

__attribute__((target("sse4.1"))) inline __m128i load(const char* data, size_t block) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * block));
}

// Folding by carry-less multiplication (Gopal et al., "Fast CRC Computation for Generic
// Polynomials Using PCLMULQDQ Instruction", Intel, 2009), for the bit-reflected polynomial
// 0x104C11DB7. Each constant is x^n mod P for the distance n it folds across, reflected:
// 4 x 128 bits ahead, 128 bits ahead, the last 64 and 32 bits, then Barrett's reduction
// (P and floor(x^64 / P)). `crc` is the running register, already inverted as zlib keeps it.
// Needs size >= 64; returns the register for the largest multiple of 16 bytes it consumed.
__attribute__((target("pclmul,sse4.1"))) uint32_t fold(uint32_t crc, const char* data,
                                                       size_t blocks) {
  const __m128i four_ahead = _mm_set_epi64x(0x01c6e41596, 0x0154442bd4);
  const __m128i one_ahead = _mm_set_epi64x(0x00ccaa009e, 0x01751997d0);
  const __m128i last64 = _mm_set_epi64x(0, 0x0163cd6124);
  const __m128i barrett = _mm_set_epi64x(0x01f7011641, 0x01db710641);
  const __m128i low32 = _mm_setr_epi32(~0, 0, ~0, 0);
  __m128i a = _mm_xor_si128(load(data, 0), _mm_cvtsi32_si128(static_cast<int>(crc)));
  __m128i b = load(data, 1), c = load(data, 2), d = load(data, 3);
  size_t block = 4;
  for (; block + 4 <= blocks; block += 4) {
    a = fold_onto(a, four_ahead, load(data, block));
    b = fold_onto(b, four_ahead, load(data, block + 1));
    c = fold_onto(c, four_ahead, load(data, block + 2));
    d = fold_onto(d, four_ahead, load(data, block + 3));
  }
  a = fold_onto(a, one_ahead, b);
  a = fold_onto(a, one_ahead, c);
  a = fold_onto(a, one_ahead, d);
  for (; block < blocks; ++block) a = fold_onto(a, one_ahead, load(data, block));

  // 128 bits to 64, then to 32 (with x^32 appended), then Barrett's reduction.
  __m128i x = _mm_xor_si128(_mm_srli_si128(a, 8), _mm_clmulepi64_si128(a, one_ahead, 0x10));
  x = _mm_xor_si128(_mm_srli_si128(x, 4),
                    _mm_clmulepi64_si128(_mm_and_si128(x, low32), last64, 0x00));
  __m128i t = _mm_clmulepi64_si128(_mm_and_si128(x, low32), barrett, 0x10);
  t = _mm_clmulepi64_si128(_mm_and_si128(t, low32), barrett, 0x00);
  return static_cast<uint32_t>(_mm_extract_epi32(_mm_xor_si128(x, t), 1));
}

bool has_pclmul() {
  static const bool has = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
  return has;
}

#endif

}  // namespace

uint32_t crc32(std::string_view data) {
#if defined(__x86_64__)
  if (data.size() >= 64 && has_pclmul()) {
    size_t blocks = data.size() / 16;
    uint32_t crc = ~fold(~0u, data.data(), blocks);
    return crc32_zlib(crc, data.data() + 16 * blocks, data.size() - 16 * blocks);
  }
#endif
  return crc32_zlib(0, data.data(), data.size());
}

}  // namespace common
