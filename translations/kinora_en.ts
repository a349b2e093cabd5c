<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>kinora::ImageChecks</name>
    <message>
        <source>The image (%1) is enlarged %2x to fill %3: the model sees interpolated pixels, which gives soft detail and jittery, torn edges.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a larger original, upscale it with a dedicated upscaler (e.g. ESRGAN) first, or choose a smaller size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image looks blurred (sharpness %1, sharp photographs measure above %2): blur turns into jittery motion and torn edges.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a sharper original, or enhance it first (an upscaler or deblurring tool; the sharpness x1.1 preprocessing helps a little).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image is very dark (mean brightness %1 of 255, and 95% of it below %2): extreme lighting makes shadows flicker and brightness jump between frames.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix the exposure first (the auto-exposure preprocessing does this).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image is very bright (mean brightness %1 of 255, %2 of it clipped to white): extreme lighting makes brightness jump between frames.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of the image is clipped to pure white: those areas have no detail to move and tend to flicker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a less exposed original, or lower its highlights first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of the image is crushed to pure black: those areas have no detail to move.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a brighter original, or lift its shadows first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image has low contrast (its brightness spans only %1 of 255 levels): the model finds few edges to anchor motion to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raise the contrast first (the contrast x1.2 preprocessing, or auto exposure, helps).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image looks like text (lines of text cover %1 of it): the model was trained on photographs and deforms letters into hallucinated shapes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image looks like a chart or diagram (flat areas, straight edges, few colours): the model was trained on photographs and deforms such graphics.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text, charts and diagrams are not suited to image-to-video: use a photograph.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 separate regions compete for attention: with several subjects the motion tends to be chaotic, or some subjects stay frozen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crop to one subject (I2VGen-XL was trained on a centred subject on a simple background).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image&apos;s aspect ratio (%1) differs from %2: %3 of it is cut off to fit; the marked rectangle is what the video shows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crop the image yourself to the part that matters, or choose a size with the image&apos;s aspect ratio.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ImageLoader</name>
    <message>
        <source>%1: the file is empty (0 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export or download the image again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 x %2 pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the image it holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 is too large (limit %3 megapixels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downscale the image first; the model works at about 1280 x 704 anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not an image Kinora can read (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a PNG, JPEG or WebP image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has %2 frames: the first one is used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the image could not be decoded (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file may be truncated or damaged: export or download it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 x %3 pixels is too small</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a larger image: at least %1 pixels on each side, and about 1280 x 704 for the model to work with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: file not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the path of the input image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not a readable file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the file&apos;s permissions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ParameterAdvisor</name>
    <message>
        <source>%1 steps with guidance %2: the latents are not denoised enough while guidance pulls them hard, which gives distortions and artifacts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at 1 or below, classifier-free guidance is off and the prompt barely steers the motion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>low guidance follows the prompt weakly: little or unrelated motion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>high guidance over-steers: exaggerated motion, saturated colours and artifacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>far outside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, with a different shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, far from its area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1x%2 is not a multiple of 64 on both sides: the UNet halves the latent (1/8 of the image) three times, and only multiples of 64 divide evenly at every level, as in training; other sizes risk artifacts at the edges.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use %1x%2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too few frames leave the motion barely started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>longer clips drift, repeat or lose the subject, and memory grows with every frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 frames at %2 fps play for %3 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The motion is generated for %1 fps (target fps), so played at %2 fps it runs %3x as fast.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More frames make a longer clip; a lower output fps plays it slower.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1x%2, %3 frames, %4 steps needs about %5x the memory and at least %6x the time of a native run (%7x%8, %9 frames, %10 steps): memory can run out, or one clip takes many minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tune at 512p with %1 frames and %2 steps, then render the final clip at %3x%4 with %1 frames.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use %1 steps, or lower the guidance to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 DDIM steps for a final render: fewer than %2 gives visibly worse results (the model authors&apos; default is %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use at least %1 steps for the final render.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 DDIM steps is a draft: fine for judging whether the prompt triggers the intended motion, softer and less stable than the %2 the model authors recommend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render the final clip with %1 steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guidance %1 is %2 the useful range %3 to %4: %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use %1 (the default) and tune in steps of 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1x%2 is off the %4x%5 landscape size I2VGen-XL was trained on%3: expect less stable motion and detail (its authors support only the trained size).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the native %1x%2 for the final render.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 frames is far from the %3 I2VGen-XL was trained on: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use %1 frames (%2 for a quick check).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 steps of %2 is a draft: it does well with %3 to %4 steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use %1 steps for the final render.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 steps of %2: more than %3 rarely changes the video and costs time in proportion.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use %1 steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft mode (%1) reuses the model&apos;s deeper features between steps: faster, with less detail and steadiness than a full render.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render the final clip with the cache off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guidance for only the first %1% of the steps: the prompt loses its hold on the motion below %2%.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use %1 or more.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::RequestParameters</name>
    <message>
        <source>Default %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default %1; %2 to %3 is the useful range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Video width in pixels: a multiple of 8, multiples of 64 work best.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Video height in pixels: a multiple of 8, multiples of 64 work best.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>frames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of frames: the default is what the model was trained on, longer clips drift.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denoising (DDIM) steps: more is slower and cleaner, fewer than the default gives visibly worse results.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How strongly the prompt steers the motion: high values with few steps cause artifacts, 1 or below turns guidance off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Motion fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The frame rate the model is told to imitate (an input of the model, not the playback rate): lower means larger motion between frames.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playback fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The frame rate of the written video.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The random seed: the same seed with the same settings gives the same video.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DDIM&apos;s noise at each step: 0 is deterministic, 1 is DDPM-like.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode chunk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frames the VAE decodes at once: 1 needs the least memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guidance until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fraction of the steps that use guidance, each costing two model passes; the later steps run one pass (0.5 runs a quarter fewer passes). Below 0.3 the prompt loses its hold on the motion.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::AboutDialog</name>
    <message>
        <source>About Kinora</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turns one still image and a short prompt into a video with the I2VGen-XL diffusion model, on your own machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinora is free software under the MIT licence. Model weights are not part of Kinora: their own licence applies (the I2VGen-XL authors state research and non-commercial use).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::CompareView</name>
    <message>
        <source>Candidates to compare appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the selected candidate alone at full size (Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A/B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the selected candidate (A) beside the one selected before it (B) (A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show A left and B right of a divider you can drag (W)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick the selected candidate (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (cannot play %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::DiagnosticsPanel</name>
    <message>
        <source>Nothing to check yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a finding with a fix to apply it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) would waste this run.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s): the video will likely disappoint.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (double-click to apply)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::ExploreDialog</name>
    <message>
        <source>Explore prompts and seeds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each prompt variant runs with each seed, with the Fast preset: judge the motion, then refine the best candidate. The model stays loaded and every prompt is read once, so the matrix costs little more than its denoising steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One prompt variant per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add suggested variants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt checker&apos;s rewrites of the first prompt, and the first prompt with a camera move added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seeds:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seeds: whole numbers separated by commas, e.g. 1, 2, 3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 candidates: at most %2 at a time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 prompts × %2 seeds = %3 candidates.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::FacadeText</name>
    <message>
        <source>Fast check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Native (1280x704)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exactly what I2VGen-XL was trained on: 1280x704, 16 frames, 50 DDIM steps, guidance 9, target fps 16. The best quality the model gives, and the most memory and time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pan left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pan right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tilt up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tilt down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rotate clockwise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rotate counter-clockwise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dolly in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dolly out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>slow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <comment>camera move, its speed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>static camera (no move)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (default: the prompt names no camera move)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; %2</source>
        <comment>camera moves in order</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention %1 queries at a time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention whole</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>feed-forward %1 tokens at a time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encoders released after use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encoders kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model offload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decode 1 frame at a time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decode %1 frames at a time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tiled decode (%1 latent pixels, overlap %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <comment>between parts of a memory plan</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Round 1 of the workflow that works: does the prompt trigger the intended motion at all? DPM++ 2M with 15 steps in draft mode (deep features every 2nd step) measured 5.7x faster than 50 DDIM steps and 8% from their result, closer to it than 12 DDIM steps, in less time. 512p is off the trained 1280x704 size. Use it to judge motion, not quality, and render the final clip without the draft cache.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The balance users were given (512p, 16 frames, guidance 9, 8 fps) with 25 DDIM steps instead of 50: measured 4% from the 50-step result at half the work, the closest of all samplers at that cost. The size is still off the trained distribution.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Round 3 of the workflow: a larger size and the model authors&apos; 50 DDIM steps for the final render of settings you already tuned (no measurement showed more steps changing the result). Slower and needs more memory.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::HistoryPanel</name>
    <message>
        <source>Filter by prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play the video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the folder that holds the video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue the job again with the same settings and seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue the job again with a new seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load this job&apos;s settings into the panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode saved latents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish the video from the latents this job saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the job and the files it wrote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the job “%1” from the history?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None of its files are left on disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These files will be deleted:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no prompt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made from job %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made from job %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its final latents are saved: “Decode saved latents” finishes the video.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Star</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark as a keeper (S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark as rejected (X)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More steps (same seed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guidance +1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guidance −1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sharpened prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finalise with the Quality preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finalise at the native 1280×704</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lineage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only this job&apos;s family: what it was made from and what was made from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>↳ from #%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1 · seed %2 · %3 · %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[draft] </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::ImagePreview</name>
    <message>
        <source>The %1 × %2 video shows %3% of the picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, enlarged %1×</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::JobActions</name>
    <message>
        <source>Cannot queue the job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The video of this job is not on disk any more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-run the job to make it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A job is running: decode the saved latents when it ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a finished job can be refined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt checker has no sharper wording for this prompt: edit the prompt and run again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The composition will differ from its parent&apos;s: the size or frame count changes the shape of the noise.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exploring %1 prompts × %2 seeds: %3 candidates queued.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1 · seed %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::JobSetupPanel</name>
    <message>
        <source>Improve the picture first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resize to the video size with Lanczos, contrast ×1.2, sharpness ×1.1 (the usual advice). The improved picture is what the job records as its source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct exposure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brighten a dark picture or tone down a bright one; a well-exposed picture is left alone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the video (Ctrl+Return)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the running job within one step; nothing half-written is kept (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera engine: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not camera words: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::JobStatusLine</name>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the denoised video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoding frames %1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing frames %1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 elapsed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · about %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping the job…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::KeywordPalette</name>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search motion keywords (English or Chinese)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[subject] + [action] + [direction/speed] + [environment]: click a keyword to insert its English phrase, which is what the model reads.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keyword matches. Describe a concrete motion in English: a verb and a direction work best.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inserts &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::MainMenus</name>
    <message>
        <source>Restore settings from a Kinora video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinora videos and sidecars (*.mp4 *.webm *.gif *.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xplore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paste image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore from video…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open output &amp;folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinora &amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Kinora</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Explore prompts and seeds…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Compare the last round</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::MainWindow</name>
    <message>
        <source>Device: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinora %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 × %3 pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinora Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) were interrupted when Kinora last stopped; see the history.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Motion keywords</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a PNG, JPEG or WebP picture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot restore from this file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop a video Kinora made, or its .json sidecar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings restored from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinora animates a picture: there is none open yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open one with File › Open image, or drop it onto the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start this job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The output folder %1 cannot be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose another output folder in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model folder is set: the camera engine makes this video (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start the job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished in %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The job failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

What to do: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A job is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the running job and quit? Its video will not be written; finished videos are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot refine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No finished explore round to compare yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::MemoryGauge</name>
    <message>
        <source>VRAM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RAM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 / %3 GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinora uses %1 GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory use is not known yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this job needs about %1 GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than this device has: lower the resolution or the frame count</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::MemoryPlanStrip</name>
    <message>
        <source>Memory: about %1 GB of %2 GB usable (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These settings need about %1 GB; %2 GB can be used. They would run out of memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use %1 × %2, %3 frames instead</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::ParameterPanel</name>
    <message>
        <source>No preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (modified)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s of video at %2 fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera motion (no model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I2VGen-XL generates motion from the prompt; the camera engine moves a virtual camera over the photograph in seconds, without a model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No I2VGen-XL model folder is set, so only the camera engine (no model) can run. Choose a model folder to generate with I2VGen-XL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Native %1×%2 (trained)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2×%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I2VGen-XL was trained at 1280×704; other sizes work but are off its training distribution. &quot;NNNp&quot; sizes follow the picture&apos;s aspect ratio.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw a new random seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New each run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every run uses this seed: the same settings give the same video. Click to draw a new seed for every run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every run draws a new seed. Click to keep this one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Videos to generate with different seeds, so you can pick the best; 2 to 3 before judging a prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width in steps of %1 pixels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Height in steps of %1 pixels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off (final quality)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Draft: deep features every %n steps</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Sampler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 to %3 steps work well.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft mode reuses the model&apos;s deeper features between steps (DeepCache): faster, and close to the full result, for judging motion. The history marks drafts; render the final clip with Off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How each denoising step moves toward the video. DPM++ 2M and UniPC need fewer steps than DDIM for the same result (each sampler&apos;s range is in its tooltip); another sampler gives another video from the same seed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::PictureInput</name>
    <message>
        <source>Open image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pictures (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard holds no picture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot paste the picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the disk has space and the folder is writable.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::PresetsMenu</name>
    <message>
        <source>Your presets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save current settings as preset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename preset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete preset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot rename the preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete the preset</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::PromptEditor</name>
    <message>
        <source>%1 / %2 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CLIP reads only the first %1 tokens: the highlighted words never reach the model. Shorten the prompt or move the motion words to the front.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens counted with the model&apos;s own CLIP tokenizer; it reads %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>~%1 / %2 tokens (estimate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model tokenizer yet: estimated from words and punctuation. Choose a model folder for the exact count.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[subject] + [action] + [direction/speed] + [environment]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe the motion: %1
e.g. a cat on a windowsill turning head to the right, camera slowly zooming in, soft morning light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model reads English; the keyword palette inserts English phrases for Chinese labels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the video should not look like</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset to default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the negative prompt the I2VGen-XL authors use</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::QueuePanel</name>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No jobs are waiting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the selected job out of the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no prompt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1×%2 · %3 frames · %4 steps %5 · seed %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>draft (%1): render the final clip without</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::SettingsDialog</name>
    <message>
        <source>Kinora Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder of the I2VGen-XL model (diffusers format)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (a GPU when there is one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA GPU %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices found: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU threads for the model; fewer keeps the computer responsive while a job runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MP4 (H.264)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebM (VP9)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GIF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG frames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appearance:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No live preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How often the preview shows the video as it forms while sampling. Each preview costs a little time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live preview every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lower frames or resolution on my behalf when a job would not fit in memory (always said)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the I2VGen-XL model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where videos are saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model set: Kinora makes camera-motion videos (pan, zoom, tilt, rotate) without one. Set the folder of ali-vilab/i2vgen-xl to generate with the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ %1: %2 components, %3 parameters, %4 on disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Licence: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✘ %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::TransportBar</name>
    <message>
        <source>Play or pause all candidates (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One frame back (,)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One frame forward (.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loop the videos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loop the video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to a frame in every candidate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to a frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>frame %1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::VideoPreview</name>
    <message>
        <source>the file does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview at step %1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The video appears here as it is made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinora::ui::WelcomePage</name>
    <message>
        <source>Open image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set model folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Kinora&lt;/h2&gt;&lt;p&gt;Image-to-video studio for the I2VGen-XL diffusion model.&lt;/p&gt;&lt;p&gt;Open a picture, or drop a PNG, JPEG or WebP file onto this window.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;No model folder is set.&lt;/b&gt; Until one is, Kinora makes camera-motion videos (pan, tilt, zoom, rotate, dolly) read from your prompt, in seconds, with no model.&lt;/p&gt;&lt;p&gt;I2VGen-XL (Alibaba, 2023) animates a picture from a text prompt. Its weights (about 5 GB in fp16) are not bundled: download the diffusers-format folder of &lt;a href=&quot;https://huggingface.co/ali-vilab/i2vgen-xl&quot;&gt;ali-vilab/i2vgen-xl&lt;/a&gt; and choose it in Settings. Licence: the authors&apos; repository states research and non-commercial use for the weights; read the licence in the folder before you use the videos commercially.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Kinora %1&lt;/h3&gt;&lt;p&gt;&lt;b&gt;1.&lt;/b&gt; Open a picture (&lt;b&gt;File › Open image…&lt;/b&gt;, drop a file, or paste with Ctrl+Shift+V). The dimmed part is what the chosen video size crops away.&lt;/p&gt;&lt;p&gt;&lt;b&gt;2.&lt;/b&gt; Describe the motion: &lt;i&gt;subject + action + direction/speed + environment&lt;/i&gt;. The &lt;b&gt;Motion keywords&lt;/b&gt; palette inserts phrases the model understands; the token count shows what the model would not read.&lt;/p&gt;&lt;p&gt;&lt;b&gt;3.&lt;/b&gt; Pick a preset (Fast to explore, Quality or Native for the final video) and press &lt;b&gt;Generate&lt;/b&gt; (Ctrl+Return). &lt;b&gt;Diagnostics&lt;/b&gt; lists what would spoil the run before you start; double-click a finding to apply its fix.&lt;/p&gt;&lt;p&gt;&lt;b&gt;4.&lt;/b&gt; Watch the preview form as it samples; Esc cancels within one step. Finished videos play in the preview and stay in &lt;b&gt;History&lt;/b&gt;, where you can re-run them, try a new seed or save their settings as a preset. Drop a Kinora video onto the window to restore how it was made.&lt;/p&gt;&lt;p&gt;Without a model folder (Settings) Kinora makes camera moves read from the prompt. The command line does the same: &lt;code&gt;kinora-cli --help&lt;/code&gt;.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Save a picture of the main window to &lt;file&gt; and quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinora: image-to-video studio for I2VGen-XL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Picture to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colours: auto (follow the desktop), light or dark (default: the setting).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start with &lt;text&gt; in the prompt editor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start generating the opened picture at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show Kinora in &lt;language&gt;: %1 (default: the one chosen in Settings, else the system&apos;s).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
