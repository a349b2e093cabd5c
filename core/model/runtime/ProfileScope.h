// Names a module's forward pass in the LibTorch profiler, as the reference's module hooks do in
// bench/profile_unet_reference.py, so that bench/profile_unet can add time up per module kind.
// When no profiler runs this costs one check of a global flag per forward.
#pragma once

#include <ATen/record_function.h>

// `name` is the reference class name; the prefix keeps module scopes apart from aten:: ops.
#define KINORA_PROFILE_MODULE(name) RECORD_USER_SCOPE("module::" name)
