/* tee_input.h - what the faults scenario feeds tee, and where the copies go
 *
 * Shared by tee_faults.c (which runs tee on this input) and tee_verify.c
 * (which checks what tee left), so that both agree without a data file.
 * The input is more than one buffer of TEE_MIN_BUFFER, so that every
 * output gets more than one write(2) and a fault can hit a later one.
 */
#ifndef TEE_INPUT_H
#define TEE_INPUT_H

/* Bytes of input: three reads of the smallest buffer tee may use. */
#define TEE_INPUT_BYTES 200000L

/* tee's standard output goes to the first, its two files are the others. */
static const char *const tee_outputs[] = {"out0.txt", "out1.txt", "out2.txt"};
#define TEE_NOUTPUTS 3

/* Byte i of the input: lines of 63 letters, so a torn copy shows where. */
static inline char tee_input_byte(long i)
{
	return i % 64 == 63 ? '\n' : (char)('a' + (i / 64 + i) % 26);
}

#endif
