<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>kinora::ImageChecks</name>
    <message>
        <source>The image (%1) is enlarged %2x to fill %3: the model sees interpolated pixels, which gives soft detail and jittery, torn edges.</source>
        <translation>图片（%1）要放大 %2 倍才能填满 %3：模型看到的是插值出来的像素，细节会发软，边缘会抖动、撕裂。</translation>
    </message>
    <message>
        <source>Use a larger original, upscale it with a dedicated upscaler (e.g. ESRGAN) first, or choose a smaller size.</source>
        <translation>请使用更大的原图，或先用专门的放大工具（如 ESRGAN）放大，或选择更小的尺寸。</translation>
    </message>
    <message>
        <source>The image looks blurred (sharpness %1, sharp photographs measure above %2): blur turns into jittery motion and torn edges.</source>
        <translation>图片看起来很模糊（锐度 %1，清晰的照片高于 %2）：模糊会变成抖动的运动和撕裂的边缘。</translation>
    </message>
    <message>
        <source>Use a sharper original, or enhance it first (an upscaler or deblurring tool; the sharpness x1.1 preprocessing helps a little).</source>
        <translation>请使用更清晰的原图，或先做增强（放大或去模糊工具；锐度 ×1.1 预处理略有帮助）。</translation>
    </message>
    <message>
        <source>The image is very dark (mean brightness %1 of 255, and 95% of it below %2): extreme lighting makes shadows flicker and brightness jump between frames.</source>
        <translation>图片很暗（平均亮度 %1/255，95% 的像素低于 %2）：极端的光照会让阴影闪烁、亮度在帧间跳变。</translation>
    </message>
    <message>
        <source>Fix the exposure first (the auto-exposure preprocessing does this).</source>
        <translation>请先校正曝光（自动曝光预处理即可完成）。</translation>
    </message>
    <message>
        <source>The image is very bright (mean brightness %1 of 255, %2 of it clipped to white): extreme lighting makes brightness jump between frames.</source>
        <translation>图片很亮（平均亮度 %1/255，%2 的像素过曝成纯白）：极端的光照会让亮度在帧间跳变。</translation>
    </message>
    <message>
        <source>%1 of the image is clipped to pure white: those areas have no detail to move and tend to flicker.</source>
        <translation>图片有 %1 的区域过曝成纯白：这些区域没有可供运动的细节，容易闪烁。</translation>
    </message>
    <message>
        <source>Use a less exposed original, or lower its highlights first.</source>
        <translation>请使用曝光较低的原图，或先压低高光。</translation>
    </message>
    <message>
        <source>%1 of the image is crushed to pure black: those areas have no detail to move.</source>
        <translation>图片有 %1 的区域压成了纯黑：这些区域没有可供运动的细节。</translation>
    </message>
    <message>
        <source>Use a brighter original, or lift its shadows first.</source>
        <translation>请使用更亮的原图，或先提亮阴影。</translation>
    </message>
    <message>
        <source>The image has low contrast (its brightness spans only %1 of 255 levels): the model finds few edges to anchor motion to.</source>
        <translation>图片对比度低（亮度只覆盖 255 级中的 %1 级）：模型找不到足够的边缘来锚定运动。</translation>
    </message>
    <message>
        <source>Raise the contrast first (the contrast x1.2 preprocessing, or auto exposure, helps).</source>
        <translation>请先提高对比度（对比度 ×1.2 预处理或自动曝光都有帮助）。</translation>
    </message>
    <message>
        <source>The image looks like text (lines of text cover %1 of it): the model was trained on photographs and deforms letters into hallucinated shapes.</source>
        <translation>图片看起来是文字（文字行占 %1）：模型是用照片训练的，会把文字扭曲成凭空臆造的形状。</translation>
    </message>
    <message>
        <source>The image looks like a chart or diagram (flat areas, straight edges, few colours): the model was trained on photographs and deforms such graphics.</source>
        <translation>图片看起来是图表或示意图（大片纯色、笔直的边缘、颜色很少）：模型是用照片训练的，会扭曲这类图形。</translation>
    </message>
    <message>
        <source>Text, charts and diagrams are not suited to image-to-video: use a photograph.</source>
        <translation>文字、图表和示意图不适合图生视频：请使用照片。</translation>
    </message>
    <message>
        <source>%1 separate regions compete for attention: with several subjects the motion tends to be chaotic, or some subjects stay frozen.</source>
        <translation>有 %1 个彼此分开的区域在争夺注意力：主体较多时，运动往往杂乱，或有些主体一动不动。</translation>
    </message>
    <message>
        <source>Crop to one subject (I2VGen-XL was trained on a centred subject on a simple background).</source>
        <translation>请裁剪到单一主体（I2VGen-XL 的训练数据是简单背景上居中的主体）。</translation>
    </message>
    <message>
        <source>The image&apos;s aspect ratio (%1) differs from %2: %3 of it is cut off to fit; the marked rectangle is what the video shows.</source>
        <translation>图片的宽高比（%1）与 %2 不同：为适配尺寸会裁掉 %3；标出的矩形就是视频显示的部分。</translation>
    </message>
    <message>
        <source>Crop the image yourself to the part that matters, or choose a size with the image&apos;s aspect ratio.</source>
        <translation>请自行把图片裁剪到重要的部分，或选择与图片宽高比一致的尺寸。</translation>
    </message>
</context>
<context>
    <name>kinora::ImageLoader</name>
    <message>
        <source>%1: the file is empty (0 bytes)</source>
        <translation>%1：文件为空（0 字节）</translation>
    </message>
    <message>
        <source>Export or download the image again</source>
        <translation>请重新导出或下载这张图片</translation>
    </message>
    <message>
        <source>%1 x %2 pixels</source>
        <translation>%1 x %2 像素</translation>
    </message>
    <message>
        <source>the image it holds</source>
        <translation>其中的图像</translation>
    </message>
    <message>
        <source>%1: %2 is too large (limit %3 megapixels)</source>
        <translation>%1：%2 太大（上限 %3 百万像素）</translation>
    </message>
    <message>
        <source>Downscale the image first; the model works at about 1280 x 704 anyway</source>
        <translation>请先缩小图片；模型本身只在约 1280 x 704 的尺寸上工作</translation>
    </message>
    <message>
        <source>%1: not an image Kinora can read (%2)</source>
        <translation>%1：不是 Kinora 能读取的图片（%2）</translation>
    </message>
    <message>
        <source>Use a PNG, JPEG or WebP image</source>
        <translation>请使用 PNG、JPEG 或 WebP 图片</translation>
    </message>
    <message>
        <source>%1 has %2 frames: the first one is used</source>
        <translation>%1 有 %2 帧：只使用第一帧</translation>
    </message>
    <message>
        <source>%1: the image could not be decoded (%2)</source>
        <translation>%1：无法解码该图片（%2）</translation>
    </message>
    <message>
        <source>The file may be truncated or damaged: export or download it again</source>
        <translation>文件可能不完整或已损坏：请重新导出或下载</translation>
    </message>
    <message>
        <source>%1: %2 x %3 pixels is too small</source>
        <translation>%1：%2 x %3 像素太小</translation>
    </message>
    <message>
        <source>Use a larger image: at least %1 pixels on each side, and about 1280 x 704 for the model to work with</source>
        <translation>请使用更大的图片：每边至少 %1 像素，模型的工作尺寸约为 1280 x 704</translation>
    </message>
    <message>
        <source>%1: file not found</source>
        <translation>%1：找不到文件</translation>
    </message>
    <message>
        <source>Check the path of the input image</source>
        <translation>请检查输入图片的路径</translation>
    </message>
    <message>
        <source>%1: not a readable file</source>
        <translation>%1：不是可读取的文件</translation>
    </message>
    <message>
        <source>Check the file&apos;s permissions</source>
        <translation>请检查文件的权限</translation>
    </message>
</context>
<context>
    <name>kinora::ParameterAdvisor</name>
    <message>
        <source>%1 steps with guidance %2: the latents are not denoised enough while guidance pulls them hard, which gives distortions and artifacts.</source>
        <translation>%1 步配合引导强度 %2：潜变量去噪不足，引导却拉得很猛，会产生变形和瑕疵。</translation>
    </message>
    <message>
        <source>at 1 or below, classifier-free guidance is off and the prompt barely steers the motion</source>
        <translation>为 1 或更低时，无分类器引导即被关闭，提示词几乎无法引导运动</translation>
    </message>
    <message>
        <source>low guidance follows the prompt weakly: little or unrelated motion</source>
        <translation>引导强度低时对提示词遵循较弱：运动很少，或与提示词无关</translation>
    </message>
    <message>
        <source>high guidance over-steers: exaggerated motion, saturated colours and artifacts</source>
        <translation>引导强度高时引导过度：运动夸张、色彩过饱和并出现瑕疵</translation>
    </message>
    <message>
        <source>far outside</source>
        <translation>远在</translation>
    </message>
    <message>
        <source>outside</source>
        <translation>在</translation>
    </message>
    <message>
        <source>, with a different shape</source>
        <translation>，而且形状不同</translation>
    </message>
    <message>
        <source>, far from its area</source>
        <translation>，而且面积相差很大</translation>
    </message>
    <message>
        <source>%1x%2 is not a multiple of 64 on both sides: the UNet halves the latent (1/8 of the image) three times, and only multiples of 64 divide evenly at every level, as in training; other sizes risk artifacts at the edges.</source>
        <translation>%1x%2 的两边并非都是 64 的倍数：UNet 会把潜变量（图片的 1/8）连续减半三次，只有 64 的倍数才能在每一级都整除，与训练时一致；其他尺寸可能在边缘产生瑕疵。</translation>
    </message>
    <message>
        <source>Use %1x%2.</source>
        <translation>请使用 %1x%2。</translation>
    </message>
    <message>
        <source>too few frames leave the motion barely started</source>
        <translation>帧数太少，运动几乎还没开始</translation>
    </message>
    <message>
        <source>longer clips drift, repeat or lose the subject, and memory grows with every frame</source>
        <translation>更长的片段会漂移、重复或丢失主体，而且每多一帧都要更多内存</translation>
    </message>
    <message>
        <source>%1 frames at %2 fps play for %3 s.</source>
        <translation>%1 帧以 %2 fps 播放，时长 %3 秒。</translation>
    </message>
    <message>
        <source> The motion is generated for %1 fps (target fps), so played at %2 fps it runs %3x as fast.</source>
        <translation>运动是按 %1 fps（运动帧率）生成的，因此以 %2 fps 播放时速度是 %3 倍。</translation>
    </message>
    <message>
        <source>More frames make a longer clip; a lower output fps plays it slower.</source>
        <translation>帧数越多，片段越长；播放帧率越低，播放越慢。</translation>
    </message>
    <message>
        <source>%1x%2, %3 frames, %4 steps needs about %5x the memory and at least %6x the time of a native run (%7x%8, %9 frames, %10 steps): memory can run out, or one clip takes many minutes.</source>
        <translation>%1x%2、%3 帧、%4 步所需的内存约为原生运行（%7x%8、%9 帧、%10 步）的 %5 倍，时间至少为 %6 倍：内存可能不足，或一个片段要花很多分钟。</translation>
    </message>
    <message>
        <source>Tune at 512p with %1 frames and %2 steps, then render the final clip at %3x%4 with %1 frames.</source>
        <translation>先用 512p、%1 帧、%2 步调参，再以 %3x%4、%1 帧渲染成片。</translation>
    </message>
    <message>
        <source>Use %1 steps, or lower the guidance to %2.</source>
        <translation>请使用 %1 步，或把引导强度降到 %2。</translation>
    </message>
    <message>
        <source>%1 DDIM steps for a final render: fewer than %2 gives visibly worse results (the model authors&apos; default is %2).</source>
        <translation>成片只用 %1 步 DDIM：少于 %2 步的效果明显更差（模型作者的默认值是 %2）。</translation>
    </message>
    <message>
        <source>Use at least %1 steps for the final render.</source>
        <translation>成片请至少使用 %1 步。</translation>
    </message>
    <message>
        <source>%1 DDIM steps is a draft: fine for judging whether the prompt triggers the intended motion, softer and less stable than the %2 the model authors recommend.</source>
        <translation>%1 步 DDIM 只是草稿：足以判断提示词能否触发预期的运动，但比模型作者推荐的 %2 步更软、更不稳定。</translation>
    </message>
    <message>
        <source>Render the final clip with %1 steps.</source>
        <translation>请用 %1 步渲染成片。</translation>
    </message>
    <message>
        <source>Guidance %1 is %2 the useful range %3 to %4: %5.</source>
        <translation>引导强度 %1 %2有效范围 %3 到 %4 之外：%5。</translation>
    </message>
    <message>
        <source>Use %1 (the default) and tune in steps of 1.</source>
        <translation>请使用 %1（默认值），并以 1 为步长调整。</translation>
    </message>
    <message>
        <source>%1x%2 is off the %4x%5 landscape size I2VGen-XL was trained on%3: expect less stable motion and detail (its authors support only the trained size).</source>
        <translation>%1x%2 偏离了 I2VGen-XL 训练时的横向尺寸 %4x%5%3：运动和细节会不够稳定（作者只支持训练尺寸）。</translation>
    </message>
    <message>
        <source>Use the native %1x%2 for the final render.</source>
        <translation>成片请使用原生的 %1x%2。</translation>
    </message>
    <message>
        <source>%1 frames is far from the %3 I2VGen-XL was trained on: %2.</source>
        <translation>%1 帧与 I2VGen-XL 训练时的 %3 帧相差很大：%2。</translation>
    </message>
    <message>
        <source>Use %1 frames (%2 for a quick check).</source>
        <translation>请使用 %1 帧（快速检查用 %2 帧）。</translation>
    </message>
    <message>
        <source>%1 steps of %2 is a draft: it does well with %3 to %4 steps.</source>
        <translation>%2 的 %1 步只是草稿：它在 %3 到 %4 步时效果好。</translation>
    </message>
    <message>
        <source>Use %1 steps for the final render.</source>
        <translation>最终渲染请用 %1 步。</translation>
    </message>
    <message>
        <source>%1 steps of %2: more than %3 rarely changes the video and costs time in proportion.</source>
        <translation>%2 的 %1 步：超过 %3 步几乎不会改变视频，耗时却成比例增加。</translation>
    </message>
    <message>
        <source>Use %1 steps.</source>
        <translation>请用 %1 步。</translation>
    </message>
    <message>
        <source>Draft mode (%1) reuses the model&apos;s deeper features between steps: faster, with less detail and steadiness than a full render.</source>
        <translation>草稿模式（%1）在步骤之间复用模型的深层特征：更快，但细节和稳定性不如完整渲染。</translation>
    </message>
    <message>
        <source>Render the final clip with the cache off.</source>
        <translation>最终片段请关闭缓存渲染。</translation>
    </message>
    <message>
        <source>Guidance for only the first %1% of the steps: the prompt loses its hold on the motion below %2%.</source>
        <translation>只在前 %1% 的步骤使用引导：低于 %2% 时提示词就控制不住运动了。</translation>
    </message>
    <message>
        <source>Use %1 or more.</source>
        <translation>请用 %1 或更高。</translation>
    </message>
</context>
<context>
    <name>kinora::RequestParameters</name>
    <message>
        <source>Default %1.</source>
        <translation>默认 %1。</translation>
    </message>
    <message>
        <source>Default %1; %2 to %3 is the useful range.</source>
        <translation>默认 %1；有效范围 %2 到 %3。</translation>
    </message>
    <message>
        <source>pixels</source>
        <translation>像素</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Video width in pixels: a multiple of 8, multiples of 64 work best.</source>
        <translation>视频宽度（像素）：须为 8 的倍数，64 的倍数效果最好。</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <source>Video height in pixels: a multiple of 8, multiples of 64 work best.</source>
        <translation>视频高度（像素）：须为 8 的倍数，64 的倍数效果最好。</translation>
    </message>
    <message>
        <source>frames</source>
        <translation>帧</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <source>Number of frames: the default is what the model was trained on, longer clips drift.</source>
        <translation>帧数：默认值就是模型训练时的帧数，更长的片段会漂移。</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Denoising (DDIM) steps: more is slower and cleaner, fewer than the default gives visibly worse results.</source>
        <translation>去噪（DDIM）步数：越多越慢、越干净，少于默认值的效果明显更差。</translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation>引导强度</translation>
    </message>
    <message>
        <source>How strongly the prompt steers the motion: high values with few steps cause artifacts, 1 or below turns guidance off.</source>
        <translation>提示词对运动的引导强度：高引导配少步数会产生瑕疵，1 及以下则关闭引导。</translation>
    </message>
    <message>
        <source>fps</source>
        <translation>fps</translation>
    </message>
    <message>
        <source>Motion fps</source>
        <translation>运动帧率</translation>
    </message>
    <message>
        <source>The frame rate the model is told to imitate (an input of the model, not the playback rate): lower means larger motion between frames.</source>
        <translation>告诉模型模仿的帧率（模型的输入，不是播放帧率）：越低，帧间运动越大。</translation>
    </message>
    <message>
        <source>Playback fps</source>
        <translation>播放帧率</translation>
    </message>
    <message>
        <source>The frame rate of the written video.</source>
        <translation>输出视频的帧率。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>The random seed: the same seed with the same settings gives the same video.</source>
        <translation>随机种子：相同的种子配相同的设置，生成相同的视频。</translation>
    </message>
    <message>
        <source>Eta</source>
        <translation>Eta（随机性）</translation>
    </message>
    <message>
        <source>DDIM&apos;s noise at each step: 0 is deterministic, 1 is DDPM-like.</source>
        <translation>DDIM 每一步加入的噪声：0 为确定性采样，1 接近 DDPM。</translation>
    </message>
    <message>
        <source>Decode chunk</source>
        <translation>解码分块</translation>
    </message>
    <message>
        <source>Frames the VAE decodes at once: 1 needs the least memory.</source>
        <translation>VAE 一次解码的帧数：1 最省内存。</translation>
    </message>
    <message>
        <source>Guidance until</source>
        <translation>引导截止</translation>
    </message>
    <message>
        <source>The fraction of the steps that use guidance, each costing two model passes; the later steps run one pass (0.5 runs a quarter fewer passes). Below 0.3 the prompt loses its hold on the motion.</source>
        <translation>使用引导的步骤比例，每个引导步骤需要两次模型计算；之后的步骤只算一次（0.5 可少算四分之一的模型计算）。低于 0.3 时提示词就控制不住运动了。</translation>
    </message>
</context>
<context>
    <name>kinora::ui::AboutDialog</name>
    <message>
        <source>About Kinora</source>
        <translation>关于 Kinora</translation>
    </message>
    <message>
        <source>Turns one still image and a short prompt into a video with the I2VGen-XL diffusion model, on your own machine.</source>
        <translation>在您自己的电脑上，借助 I2VGen-XL 扩散模型，把一张静态图片和一段简短的提示词变成视频。</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Kinora is free software under the MIT licence. Model weights are not part of Kinora: their own licence applies (the I2VGen-XL authors state research and non-commercial use).</source>
        <translation>Kinora 是采用 MIT 许可证的自由软件。模型权重不属于 Kinora，适用其自身的许可证（I2VGen-XL 的作者声明仅限研究和非商业用途）。</translation>
    </message>
</context>
<context>
    <name>kinora::ui::CompareView</name>
    <message>
        <source>Candidates to compare appear here.</source>
        <translation>要比较的候选视频显示在这里。</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Show the selected candidate alone at full size (Z)</source>
        <translation>只显示选中的候选，占满整个区域（Z）</translation>
    </message>
    <message>
        <source>A/B</source>
        <translation>A/B</translation>
    </message>
    <message>
        <source>Show the selected candidate (A) beside the one selected before it (B) (A)</source>
        <translation>将选中的候选（A）与上一个选中的候选（B）并排显示（A）</translation>
    </message>
    <message>
        <source>Wipe</source>
        <translation>划像</translation>
    </message>
    <message>
        <source>Show A left and B right of a divider you can drag (W)</source>
        <translation>以可拖动的分隔线为界，左边显示 A，右边显示 B（W）</translation>
    </message>
    <message>
        <source>Pick</source>
        <translation>选定</translation>
    </message>
    <message>
        <source>Pick the selected candidate (Enter)</source>
        <translation>选定当前候选（回车）</translation>
    </message>
    <message>
        <source>A: %1</source>
        <translation>A：%1</translation>
    </message>
    <message>
        <source>B: %1</source>
        <translation>B：%1</translation>
    </message>
    <message>
        <source>%1 (cannot play %2)</source>
        <translation>%1（无法播放 %2）</translation>
    </message>
</context>
<context>
    <name>kinora::ui::DiagnosticsPanel</name>
    <message>
        <source>Nothing to check yet.</source>
        <translation>暂无可检查的内容。</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>修正方法</translation>
    </message>
    <message>
        <source>Double-click a finding with a fix to apply it.</source>
        <translation>双击带有修正方法的条目即可应用。</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Picture</source>
        <translation>图片</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) would waste this run.</source>
        <translation>
            <numerusform>%n 个问题会让这次生成白费。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s): the video will likely disappoint.</source>
        <translation>
            <numerusform>%n 个警告：视频效果可能不理想。</numerusform>
        </translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 (double-click to apply)</source>
        <translation>%1（双击应用）</translation>
    </message>
</context>
<context>
    <name>kinora::ui::ExploreDialog</name>
    <message>
        <source>Explore prompts and seeds</source>
        <translation>探索提示词与种子</translation>
    </message>
    <message>
        <source>Each prompt variant runs with each seed, with the Fast preset: judge the motion, then refine the best candidate. The model stays loaded and every prompt is read once, so the matrix costs little more than its denoising steps.</source>
        <translation>每个提示词变体都会与每个种子组合运行，使用“快速”预设：先判断运动效果，再精修最好的候选。模型保持加载，每个提示词只读取一次，因此整个矩阵的开销只比去噪步骤多一点。</translation>
    </message>
    <message>
        <source>One prompt variant per line</source>
        <translation>每行一个提示词变体</translation>
    </message>
    <message>
        <source>Add suggested variants</source>
        <translation>添加建议的变体</translation>
    </message>
    <message>
        <source>The prompt checker&apos;s rewrites of the first prompt, and the first prompt with a camera move added</source>
        <translation>提示词检查器对第一个提示词的改写，以及加上镜头运动的第一个提示词</translation>
    </message>
    <message>
        <source>Prompts:</source>
        <translation>提示词：</translation>
    </message>
    <message>
        <source>Seeds:</source>
        <translation>种子：</translation>
    </message>
    <message>
        <source>Explore</source>
        <translation>探索</translation>
    </message>
    <message>
        <source>Seeds: whole numbers separated by commas, e.g. 1, 2, 3.</source>
        <translation>种子：用逗号分隔的整数，例如 1, 2, 3。</translation>
    </message>
    <message>
        <source>%1 candidates: at most %2 at a time.</source>
        <translation>%1 个候选：一次最多 %2 个。</translation>
    </message>
    <message>
        <source>%1 prompts × %2 seeds = %3 candidates.</source>
        <translation>%1 个提示词 × %2 个种子 = %3 个候选。</translation>
    </message>
</context>
<context>
    <name>kinora::ui::FacadeText</name>
    <message>
        <source>Fast check</source>
        <translation>快速检查</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>高质量</translation>
    </message>
    <message>
        <source>Native (1280x704)</source>
        <translation>原生（1280x704）</translation>
    </message>
    <message>
        <source>Exactly what I2VGen-XL was trained on: 1280x704, 16 frames, 50 DDIM steps, guidance 9, target fps 16. The best quality the model gives, and the most memory and time.</source>
        <translation>与 I2VGen-XL 的训练设置完全一致：1280x704、16 帧、50 步 DDIM、引导强度 9、运动帧率 16。模型所能给出的最佳质量，也最耗内存和时间。</translation>
    </message>
    <message>
        <source>pan left</source>
        <translation>向左平移</translation>
    </message>
    <message>
        <source>pan right</source>
        <translation>向右平移</translation>
    </message>
    <message>
        <source>tilt up</source>
        <translation>向上摇</translation>
    </message>
    <message>
        <source>tilt down</source>
        <translation>向下摇</translation>
    </message>
    <message>
        <source>zoom in</source>
        <translation>变焦推近</translation>
    </message>
    <message>
        <source>zoom out</source>
        <translation>变焦拉远</translation>
    </message>
    <message>
        <source>rotate clockwise</source>
        <translation>顺时针旋转</translation>
    </message>
    <message>
        <source>rotate counter-clockwise</source>
        <translation>逆时针旋转</translation>
    </message>
    <message>
        <source>dolly in</source>
        <translation>推近</translation>
    </message>
    <message>
        <source>dolly out</source>
        <translation>后拉</translation>
    </message>
    <message>
        <source>slow</source>
        <translation>慢速</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中速</translation>
    </message>
    <message>
        <source>fast</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <comment>camera move, its speed</comment>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>static camera (no move)</source>
        <translation>固定镜头（无运动）</translation>
    </message>
    <message>
        <source>%1 (default: the prompt names no camera move)</source>
        <translation>%1（默认：提示词未指定镜头运动）</translation>
    </message>
    <message>
        <source>%1; %2</source>
        <comment>camera moves in order</comment>
        <translation>%1；%2</translation>
    </message>
    <message>
        <source>attention %1 queries at a time</source>
        <translation>注意力每次计算 %1 个查询</translation>
    </message>
    <message>
        <source>attention whole</source>
        <translation>注意力一次算完</translation>
    </message>
    <message>
        <source>feed-forward %1 tokens at a time</source>
        <translation>前馈每次计算 %1 个词元</translation>
    </message>
    <message>
        <source>encoders released after use</source>
        <translation>编码器用完即释放</translation>
    </message>
    <message>
        <source>encoders kept</source>
        <translation>编码器常驻</translation>
    </message>
    <message>
        <source>model offload</source>
        <translation>模型卸载</translation>
    </message>
    <message>
        <source>decode 1 frame at a time</source>
        <translation>每次解码 1 帧</translation>
    </message>
    <message>
        <source>decode %1 frames at a time</source>
        <translation>每次解码 %1 帧</translation>
    </message>
    <message>
        <source>tiled decode (%1 latent pixels, overlap %2)</source>
        <translation>分块解码（每块 %1 个潜变量像素，重叠 %2）</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between parts of a memory plan</comment>
        <translation>，</translation>
    </message>
    <message>
        <source>Round 1 of the workflow that works: does the prompt trigger the intended motion at all? DPM++ 2M with 15 steps in draft mode (deep features every 2nd step) measured 5.7x faster than 50 DDIM steps and 8% from their result, closer to it than 12 DDIM steps, in less time. 512p is off the trained 1280x704 size. Use it to judge motion, not quality, and render the final clip without the draft cache.</source>
        <translation>有效工作流程的第 1 轮：提示词到底能不能触发预期的运动？DPM++ 2M 15 步加草稿模式（每 2 步计算一次深层特征），实测比 50 步 DDIM 快 5.7 倍，结果与之相差 8%，比 12 步 DDIM 更接近且更省时。512p 不是训练时的 1280x704 尺寸。用它判断运动而不是质量，最终片段请关闭草稿缓存渲染。</translation>
    </message>
    <message>
        <source>The balance users were given (512p, 16 frames, guidance 9, 8 fps) with 25 DDIM steps instead of 50: measured 4% from the 50-step result at half the work, the closest of all samplers at that cost. The size is still off the trained distribution.</source>
        <translation>用户得到的均衡设置（512p、16 帧、引导 9、8 fps），用 25 步 DDIM 代替 50 步：实测与 50 步结果相差 4%，工作量减半，是同等开销下最接近的采样器。尺寸仍然偏离训练分布。</translation>
    </message>
    <message>
        <source>Round 3 of the workflow: a larger size and the model authors&apos; 50 DDIM steps for the final render of settings you already tuned (no measurement showed more steps changing the result). Slower and needs more memory.</source>
        <translation>工作流程的第 3 轮：用更大的尺寸和模型作者的 50 步 DDIM 对已经调好的设置做最终渲染（没有测量表明更多步数会改变结果）。更慢，需要更多内存。</translation>
    </message>
</context>
<context>
    <name>kinora::ui::HistoryPanel</name>
    <message>
        <source>Filter by prompt</source>
        <translation>按提示词筛选</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play the video</source>
        <translation>播放视频</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Show the folder that holds the video</source>
        <translation>显示视频所在的文件夹</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>再次运行</translation>
    </message>
    <message>
        <source>Queue the job again with the same settings and seed</source>
        <translation>以相同的设置和种子再次加入队列</translation>
    </message>
    <message>
        <source>New seed</source>
        <translation>换个种子</translation>
    </message>
    <message>
        <source>Queue the job again with a new seed</source>
        <translation>以新的种子再次加入队列</translation>
    </message>
    <message>
        <source>Use settings</source>
        <translation>使用此设置</translation>
    </message>
    <message>
        <source>Load this job&apos;s settings into the panel</source>
        <translation>将此任务的设置载入面板</translation>
    </message>
    <message>
        <source>Decode saved latents</source>
        <translation>解码已保存的潜变量</translation>
    </message>
    <message>
        <source>Finish the video from the latents this job saved</source>
        <translation>用此任务保存的潜变量完成视频</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Delete the job and the files it wrote</source>
        <translation>删除此任务及其写入的文件</translation>
    </message>
    <message>
        <source>Delete the job “%1” from the history?</source>
        <translation>要从历史记录中删除任务“%1”吗？</translation>
    </message>
    <message>
        <source>None of its files are left on disk.</source>
        <translation>磁盘上已没有它的文件。</translation>
    </message>
    <message>
        <source>These files will be deleted:</source>
        <translation>将删除以下文件：</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>(no prompt)</source>
        <translation>（无提示词）</translation>
    </message>
    <message>
        <source>Made from job %1: %2</source>
        <translation>由任务 %1 生成：%2</translation>
    </message>
    <message>
        <source>Made from job %1</source>
        <translation>由任务 %1 生成</translation>
    </message>
    <message>
        <source>Its final latents are saved: “Decode saved latents” finishes the video.</source>
        <translation>最终潜变量已保存：“解码已保存的潜变量”可完成视频。</translation>
    </message>
    <message>
        <source>Delete job</source>
        <translation>删除任务</translation>
    </message>
    <message>
        <source>Star</source>
        <translation>标星</translation>
    </message>
    <message>
        <source>Mark as a keeper (S)</source>
        <translation>标记为保留（S）</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>淘汰</translation>
    </message>
    <message>
        <source>Mark as rejected (X)</source>
        <translation>标记为淘汰（X）</translation>
    </message>
    <message>
        <source>Refine</source>
        <translation>精修</translation>
    </message>
    <message>
        <source>More steps (same seed)</source>
        <translation>更多步数（相同种子）</translation>
    </message>
    <message>
        <source>Guidance +1</source>
        <translation>引导强度 +1</translation>
    </message>
    <message>
        <source>Guidance −1</source>
        <translation>引导强度 −1</translation>
    </message>
    <message>
        <source>Sharpened prompt</source>
        <translation>更精确的提示词</translation>
    </message>
    <message>
        <source>Finalise with the Quality preset</source>
        <translation>用“高质量”预设出成片</translation>
    </message>
    <message>
        <source>Finalise at the native 1280×704</source>
        <translation>以原生 1280×704 出成片</translation>
    </message>
    <message>
        <source>Lineage</source>
        <translation>谱系</translation>
    </message>
    <message>
        <source>Show only this job&apos;s family: what it was made from and what was made from it</source>
        <translation>只显示此任务的谱系：它由哪个任务而来，以及由它衍生出的任务</translation>
    </message>
    <message>
        <source>↳ from #%1 %2</source>
        <translation>↳ 来自 #%1 %2</translation>
    </message>
    <message>
        <source>#%1 · seed %2 · %3 · %4</source>
        <translation>#%1 · 种子 %2 · %3 · %4</translation>
    </message>
    <message>
        <source>[draft] </source>
        <translation>[草稿] </translation>
    </message>
</context>
<context>
    <name>kinora::ui::ImagePreview</name>
    <message>
        <source>The %1 × %2 video shows %3% of the picture</source>
        <translation>%1 × %2 的视频保留图片的 %3%</translation>
    </message>
    <message>
        <source>, enlarged %1×</source>
        <translation>，放大 %1 倍</translation>
    </message>
</context>
<context>
    <name>kinora::ui::JobActions</name>
    <message>
        <source>Cannot queue the job</source>
        <translation>无法加入队列</translation>
    </message>
    <message>
        <source>Cannot play</source>
        <translation>无法播放</translation>
    </message>
    <message>
        <source>The video of this job is not on disk any more.</source>
        <translation>此任务的视频已不在磁盘上。</translation>
    </message>
    <message>
        <source>Re-run the job to make it again.</source>
        <translation>重新运行此任务即可再次生成。</translation>
    </message>
    <message>
        <source>Cannot delete</source>
        <translation>无法删除</translation>
    </message>
    <message>
        <source>A job is running: decode the saved latents when it ends.</source>
        <translation>有任务正在运行：请在它结束后再解码保存的潜变量。</translation>
    </message>
    <message>
        <source>Only a finished job can be refined.</source>
        <translation>只能精修已完成的任务。</translation>
    </message>
    <message>
        <source>The prompt checker has no sharper wording for this prompt: edit the prompt and run again.</source>
        <translation>提示词检查器没有更精确的写法：请修改提示词后重新运行。</translation>
    </message>
    <message>
        <source>The composition will differ from its parent&apos;s: the size or frame count changes the shape of the noise.</source>
        <translation>构图会与上一版不同：尺寸或帧数改变了噪声的形状。</translation>
    </message>
    <message>
        <source>Exploring %1 prompts × %2 seeds: %3 candidates queued.</source>
        <translation>正在探索 %1 个提示词 × %2 个种子：已排队 %3 个候选。</translation>
    </message>
    <message>
        <source>#%1 · seed %2</source>
        <translation>#%1 · 种子 %2</translation>
    </message>
    <message>
        <source>#%1 · %2</source>
        <translation>#%1 · %2</translation>
    </message>
</context>
<context>
    <name>kinora::ui::JobSetupPanel</name>
    <message>
        <source>Improve the picture first</source>
        <translation>先改善图片</translation>
    </message>
    <message>
        <source>Resize to the video size with Lanczos, contrast ×1.2, sharpness ×1.1 (the usual advice). The improved picture is what the job records as its source.</source>
        <translation>用 Lanczos 缩放到视频尺寸，对比度 ×1.2，锐度 ×1.1（常用建议）。改善后的图片会作为任务的源图片记录下来。</translation>
    </message>
    <message>
        <source>Correct exposure</source>
        <translation>校正曝光</translation>
    </message>
    <message>
        <source>Brighten a dark picture or tone down a bright one; a well-exposed picture is left alone.</source>
        <translation>调亮过暗的图片或压暗过亮的图片；曝光正常的图片保持不变。</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Start the video (Ctrl+Return)</source>
        <translation>开始生成视频（Ctrl+回车）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the running job within one step; nothing half-written is kept (Esc)</source>
        <translation>在一步之内停止当前任务，不会留下写了一半的文件（Esc）</translation>
    </message>
    <message>
        <source>Camera engine: %1</source>
        <translation>镜头运动引擎：%1</translation>
    </message>
    <message>
        <source>Not camera words: %1</source>
        <translation>与镜头无关的词：%1</translation>
    </message>
</context>
<context>
    <name>kinora::ui::JobStatusLine</name>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation>正在加载模型</translation>
    </message>
    <message>
        <source>Reading the prompt</source>
        <translation>正在读取提示词</translation>
    </message>
    <message>
        <source>Reading the picture</source>
        <translation>正在读取图片</translation>
    </message>
    <message>
        <source>Step %1 / %2</source>
        <translation>第 %1 / %2 步</translation>
    </message>
    <message>
        <source>Saving the denoised video</source>
        <translation>正在保存去噪结果</translation>
    </message>
    <message>
        <source>Decoding frames %1 / %2</source>
        <translation>正在解码帧 %1 / %2</translation>
    </message>
    <message>
        <source>Writing frames %1 / %2</source>
        <translation>正在写入帧 %1 / %2</translation>
    </message>
    <message>
        <source> · %1 elapsed</source>
        <translation> · 已用 %1</translation>
    </message>
    <message>
        <source> · about %1 left</source>
        <translation> · 约剩 %1</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>将在当前这一步之后停止…</translation>
    </message>
    <message>
        <source>Stopping the job…</source>
        <translation>正在停止任务…</translation>
    </message>
</context>
<context>
    <name>kinora::ui::KeywordPalette</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Search motion keywords (English or Chinese)</source>
        <translation>搜索运动关键词（英文或中文）</translation>
    </message>
    <message>
        <source>[subject] + [action] + [direction/speed] + [environment]: click a keyword to insert its English phrase, which is what the model reads.</source>
        <translation>[主体] + [动作] + [方向/速度] + [环境]：点击关键词插入它的英文短语，模型读取的是英文。</translation>
    </message>
    <message>
        <source>No keyword matches. Describe a concrete motion in English: a verb and a direction work best.</source>
        <translation>没有匹配的关键词。请用英文描述具体的运动：动词加方向效果最好。</translation>
    </message>
    <message>
        <source>Inserts &quot;%1&quot;</source>
        <translation>插入“%1”</translation>
    </message>
    <message>
        <source>Also: %1</source>
        <translation>也可写作：%1</translation>
    </message>
</context>
<context>
    <name>kinora::ui::MainMenus</name>
    <message>
        <source>Restore settings from a Kinora video</source>
        <translation>从 Kinora 视频恢复设置</translation>
    </message>
    <message>
        <source>Kinora videos and sidecars (*.mp4 *.webm *.gif *.json)</source>
        <translation>Kinora 视频及其记录文件 (*.mp4 *.webm *.gif *.json)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>E&amp;xplore</source>
        <translation>探索(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation>打开图片(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Paste image</source>
        <translation>粘贴图片(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Restore from video…</source>
        <translation>从视频恢复(&amp;R)…</translation>
    </message>
    <message>
        <source>Open output &amp;folder</source>
        <translation>打开输出文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Cancel job</source>
        <translation>取消任务(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Kinora &amp;Help</source>
        <translation>Kinora 帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Kinora</source>
        <translation>关于 Kinora(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Explore prompts and seeds…</source>
        <translation>探索提示词与种子(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Compare the last round</source>
        <translation>比较上一轮(&amp;C)</translation>
    </message>
</context>
<context>
    <name>kinora::ui::MainWindow</name>
    <message>
        <source>Device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <source>Kinora %1</source>
        <translation>Kinora %1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Cannot open the picture</source>
        <translation>无法打开图片</translation>
    </message>
    <message>
        <source>%1: %2 × %3 pixels</source>
        <translation>%1：%2 × %3 像素</translation>
    </message>
    <message>
        <source>Kinora Help</source>
        <translation>Kinora 帮助</translation>
    </message>
    <message>
        <source>History unavailable</source>
        <translation>历史记录不可用</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) were interrupted when Kinora last stopped; see the history.</source>
        <translation>
            <numerusform>Kinora 上次退出时有 %n 个任务被中断，请查看历史记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>Motion keywords</source>
        <translation>运动关键词</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Cannot open %1: %2.</source>
        <translation>无法打开 %1：%2。</translation>
    </message>
    <message>
        <source>Choose a PNG, JPEG or WebP picture.</source>
        <translation>请选择 PNG、JPEG 或 WebP 图片。</translation>
    </message>
    <message>
        <source>Cannot restore from this file</source>
        <translation>无法从此文件恢复</translation>
    </message>
    <message>
        <source>Drop a video Kinora made, or its .json sidecar.</source>
        <translation>请拖入 Kinora 生成的视频或其 .json 记录文件。</translation>
    </message>
    <message>
        <source>Settings restored from %1</source>
        <translation>已从 %1 恢复设置</translation>
    </message>
    <message>
        <source>Fix applied.</source>
        <translation>已应用修正。</translation>
    </message>
    <message>
        <source>Preset %1</source>
        <translation>预设 %1</translation>
    </message>
    <message>
        <source>Preset %1: %2</source>
        <translation>预设 %1：%2</translation>
    </message>
    <message>
        <source>No picture</source>
        <translation>没有图片</translation>
    </message>
    <message>
        <source>Kinora animates a picture: there is none open yet.</source>
        <translation>Kinora 让图片动起来：目前还没有打开任何图片。</translation>
    </message>
    <message>
        <source>Open one with File › Open image, or drop it onto the window.</source>
        <translation>请通过“文件 › 打开图片”打开，或把图片拖到窗口中。</translation>
    </message>
    <message>
        <source>Cannot start this job</source>
        <translation>无法开始此任务</translation>
    </message>
    <message>
        <source>The output folder %1 cannot be created.</source>
        <translation>无法创建输出文件夹 %1。</translation>
    </message>
    <message>
        <source>Choose another output folder in Settings.</source>
        <translation>请在设置中选择其他输出文件夹。</translation>
    </message>
    <message>
        <source>No model folder is set: the camera engine makes this video (%1).</source>
        <translation>未设置模型文件夹：此视频由镜头运动引擎生成（%1）。</translation>
    </message>
    <message>
        <source>Cannot start the job</source>
        <translation>无法开始任务</translation>
    </message>
    <message>
        <source>Queue (%1)</source>
        <translation>队列（%1）</translation>
    </message>
    <message>
        <source>Finished in %1: %2</source>
        <translation>用时 %1 完成：%2</translation>
    </message>
    <message>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消，未写入任何文件。</translation>
    </message>
    <message>
        <source>The job failed</source>
        <translation>任务失败</translation>
    </message>
    <message>
        <source>%1

What to do: %2</source>
        <translation>%1

解决办法：%2</translation>
    </message>
    <message>
        <source>A job is running</source>
        <translation>有任务正在运行</translation>
    </message>
    <message>
        <source>Stop the running job and quit? Its video will not be written; finished videos are kept.</source>
        <translation>停止正在运行的任务并退出？它的视频不会被写入；已完成的视频会保留。</translation>
    </message>
    <message>
        <source>Cannot refine</source>
        <translation>无法精修</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>No finished explore round to compare yet.</source>
        <translation>还没有可比较的已完成探索轮次。</translation>
    </message>
</context>
<context>
    <name>kinora::ui::MemoryGauge</name>
    <message>
        <source>VRAM</source>
        <translation>显存</translation>
    </message>
    <message>
        <source>RAM</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>%1 unknown</source>
        <translation>%1 未知</translation>
    </message>
    <message>
        <source>%1 %2 / %3 GB</source>
        <translation>%1 %2 / %3 GB</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Kinora uses %1 GB</source>
        <translation>Kinora 占用 %1 GB</translation>
    </message>
    <message>
        <source>Read from %1</source>
        <translation>数据来源：%1</translation>
    </message>
    <message>
        <source>Memory use is not known yet</source>
        <translation>尚不知道内存用量</translation>
    </message>
    <message>
        <source>this job needs about %1 GB</source>
        <translation>此任务约需 %1 GB</translation>
    </message>
    <message>
        <source>more than this device has: lower the resolution or the frame count</source>
        <translation>超出此设备的总容量：请降低分辨率或帧数</translation>
    </message>
</context>
<context>
    <name>kinora::ui::MemoryPlanStrip</name>
    <message>
        <source>Memory: about %1 GB of %2 GB usable (%3).</source>
        <translation>内存：约需 %1 GB，可用 %2 GB（%3）。</translation>
    </message>
    <message>
        <source>These settings need about %1 GB; %2 GB can be used. They would run out of memory.</source>
        <translation>这些设置约需 %1 GB，可用只有 %2 GB，运行时会内存不足。</translation>
    </message>
    <message>
        <source>Use %1 × %2, %3 frames instead</source>
        <translation>改用 %1 × %2、%3 帧</translation>
    </message>
</context>
<context>
    <name>kinora::ui::ParameterPanel</name>
    <message>
        <source>No preset</source>
        <translation>未使用预设</translation>
    </message>
    <message>
        <source>%1 (modified)</source>
        <translation>%1（已修改）</translation>
    </message>
    <message>
        <source>%1 s of video at %2 fps</source>
        <translation>视频时长 %1 秒，%2 fps</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>候选数</translation>
    </message>
    <message>
        <source>Camera motion (no model)</source>
        <translation>镜头运动（无需模型）</translation>
    </message>
    <message>
        <source>I2VGen-XL generates motion from the prompt; the camera engine moves a virtual camera over the photograph in seconds, without a model.</source>
        <translation>I2VGen-XL 根据提示词生成运动；镜头引擎无需模型，几秒内让虚拟镜头在照片上移动。</translation>
    </message>
    <message>
        <source>No I2VGen-XL model folder is set, so only the camera engine (no model) can run. Choose a model folder to generate with I2VGen-XL.</source>
        <translation>尚未设置 I2VGen-XL 模型文件夹，只能使用镜头引擎（无需模型）。选择模型文件夹后即可用 I2VGen-XL 生成。</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Native %1×%2 (trained)</source>
        <translation>原生 %1×%2（训练尺寸）</translation>
    </message>
    <message>
        <source>%1 (%2×%3)</source>
        <translation>%1（%2×%3）</translation>
    </message>
    <message>
        <source>I2VGen-XL was trained at 1280×704; other sizes work but are off its training distribution. &quot;NNNp&quot; sizes follow the picture&apos;s aspect ratio.</source>
        <translation>I2VGen-XL 以 1280×704 训练；其他尺寸可用，但超出了训练分布。“NNNp”尺寸随图片宽高比变化。</translation>
    </message>
    <message>
        <source>Draw a new random seed</source>
        <translation>抽取新的随机种子</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>New each run</source>
        <translation>每次新种子</translation>
    </message>
    <message>
        <source>Every run uses this seed: the same settings give the same video. Click to draw a new seed for every run.</source>
        <translation>每次运行都使用这个种子：相同设置得到相同视频。点击改为每次运行抽取新种子。</translation>
    </message>
    <message>
        <source>Every run draws a new seed. Click to keep this one.</source>
        <translation>每次运行抽取新种子。点击保留当前种子。</translation>
    </message>
    <message>
        <source>Videos to generate with different seeds, so you can pick the best; 2 to 3 before judging a prompt.</source>
        <translation>用不同种子生成的视频数量，便于挑选最佳；评判提示词前先生成 2 到 3 个。</translation>
    </message>
    <message>
        <source>Width in steps of %1 pixels.</source>
        <translation>宽度，以 %1 像素为步长。</translation>
    </message>
    <message>
        <source>Height in steps of %1 pixels.</source>
        <translation>高度，以 %1 像素为步长。</translation>
    </message>
    <message>
        <source>Off (final quality)</source>
        <translation>关闭（最终质量）</translation>
    </message>
    <message numerus="yes">
        <source>Draft: deep features every %n steps</source>
        <translation>
            <numerusform>草稿：每 %n 步计算一次深层特征</numerusform>
        </translation>
    </message>
    <message>
        <source>Sampler</source>
        <translation>采样器</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>%1: %2 to %3 steps work well.</source>
        <translation>%1：%2 到 %3 步效果好。</translation>
    </message>
    <message>
        <source>Draft mode reuses the model&apos;s deeper features between steps (DeepCache): faster, and close to the full result, for judging motion. The history marks drafts; render the final clip with Off.</source>
        <translation>草稿模式在步骤之间复用模型的深层特征（DeepCache）：更快，结果接近完整渲染，适合判断运动。历史记录会标出草稿；最终片段请选“关闭”渲染。</translation>
    </message>
    <message>
        <source>How each denoising step moves toward the video. DPM++ 2M and UniPC need fewer steps than DDIM for the same result (each sampler&apos;s range is in its tooltip); another sampler gives another video from the same seed.</source>
        <translation>每个去噪步骤如何逼近视频。DPM++ 2M 和 UniPC 比 DDIM 用更少的步数得到相同结果（各采样器的步数范围见其提示）；换一个采样器，同一种子会得到另一个视频。</translation>
    </message>
</context>
<context>
    <name>kinora::ui::PictureInput</name>
    <message>
        <source>Open image</source>
        <translation>打开图片</translation>
    </message>
    <message>
        <source>Pictures (%1)</source>
        <translation>图片 (%1)</translation>
    </message>
    <message>
        <source>The clipboard holds no picture.</source>
        <translation>剪贴板中没有图片。</translation>
    </message>
    <message>
        <source>Cannot paste the picture</source>
        <translation>无法粘贴图片</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Check that the disk has space and the folder is writable.</source>
        <translation>请检查磁盘空间以及文件夹是否可写。</translation>
    </message>
</context>
<context>
    <name>kinora::ui::PresetsMenu</name>
    <message>
        <source>Your presets</source>
        <translation>我的预设</translation>
    </message>
    <message>
        <source>Save current settings as preset…</source>
        <translation>将当前设置保存为预设…</translation>
    </message>
    <message>
        <source>Rename preset…</source>
        <translation>重命名预设…</translation>
    </message>
    <message>
        <source>Delete preset…</source>
        <translation>删除预设…</translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <source>Preset name:</source>
        <translation>预设名称：</translation>
    </message>
    <message>
        <source>Cannot save the preset</source>
        <translation>无法保存预设</translation>
    </message>
    <message>
        <source>Rename preset</source>
        <translation>重命名预设</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>Cannot rename the preset</source>
        <translation>无法重命名预设</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>删除预设</translation>
    </message>
    <message>
        <source>Cannot delete the preset</source>
        <translation>无法删除预设</translation>
    </message>
</context>
<context>
    <name>kinora::ui::PromptEditor</name>
    <message>
        <source>%1 / %2 tokens</source>
        <translation>%1 / %2 词元</translation>
    </message>
    <message>
        <source>CLIP reads only the first %1 tokens: the highlighted words never reach the model. Shorten the prompt or move the motion words to the front.</source>
        <translation>CLIP 只读取前 %1 个词元：高亮部分不会传给模型。请缩短提示词，或把运动词移到前面。</translation>
    </message>
    <message>
        <source>Tokens counted with the model&apos;s own CLIP tokenizer; it reads %1.</source>
        <translation>词元由模型自带的 CLIP 分词器计数；它读取 %1 个。</translation>
    </message>
    <message>
        <source>~%1 / %2 tokens (estimate)</source>
        <translation>约 %1 / %2 词元（估计）</translation>
    </message>
    <message>
        <source>No model tokenizer yet: estimated from words and punctuation. Choose a model folder for the exact count.</source>
        <translation>尚无模型分词器：按单词和标点估计。选择模型文件夹以获得精确计数。</translation>
    </message>
    <message>
        <source>[subject] + [action] + [direction/speed] + [environment]</source>
        <translation>[主体] + [动作] + [方向/速度] + [环境]</translation>
    </message>
    <message>
        <source>Describe the motion: %1
e.g. a cat on a windowsill turning head to the right, camera slowly zooming in, soft morning light</source>
        <translation>描述运动：%1
例如 a cat on a windowsill turning head to the right, camera slowly zooming in, soft morning light</translation>
    </message>
    <message>
        <source>The model reads English; the keyword palette inserts English phrases for Chinese labels.</source>
        <translation>模型读取英文；关键词面板按中文标签插入对应的英文短语。</translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation>负面提示词</translation>
    </message>
    <message>
        <source>What the video should not look like</source>
        <translation>视频不应出现的样子</translation>
    </message>
    <message>
        <source>Reset to default</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <source>Use the negative prompt the I2VGen-XL authors use</source>
        <translation>使用 I2VGen-XL 作者的负面提示词</translation>
    </message>
</context>
<context>
    <name>kinora::ui::QueuePanel</name>
    <message>
        <source>Running</source>
        <translation>正在运行</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>No jobs are waiting.</source>
        <translation>没有等待中的任务。</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Take the selected job out of the queue</source>
        <translation>将所选任务移出队列</translation>
    </message>
    <message>
        <source>(no prompt)</source>
        <translation>（无提示词）</translation>
    </message>
    <message>
        <source>Nothing is running.</source>
        <translation>当前没有正在运行的任务。</translation>
    </message>
    <message>
        <source>%1×%2 · %3 frames · %4 steps %5 · seed %6</source>
        <translation>%1×%2 · %3 帧 · %4 步 %5 · 种子 %6</translation>
    </message>
    <message>
        <source>draft (%1): render the final clip without</source>
        <translation>草稿（%1）：最终片段请不用它渲染</translation>
    </message>
</context>
<context>
    <name>kinora::ui::SettingsDialog</name>
    <message>
        <source>Kinora Settings</source>
        <translation>Kinora 设置</translation>
    </message>
    <message>
        <source>Folder of the I2VGen-XL model (diffusers format)</source>
        <translation>I2VGen-XL 模型文件夹（diffusers 格式）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Model folder:</source>
        <translation>模型文件夹：</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>输出文件夹：</translation>
    </message>
    <message>
        <source>Automatic (a GPU when there is one)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU %1</source>
        <translation>CUDA GPU %1</translation>
    </message>
    <message>
        <source>Devices found: %1</source>
        <translation>找到的设备：%1</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CPU threads for the model; fewer keeps the computer responsive while a job runs.</source>
        <translation>模型使用的 CPU 线程数；线程少一些，任务运行时电脑更流畅。</translation>
    </message>
    <message>
        <source>CPU threads:</source>
        <translation>CPU 线程：</translation>
    </message>
    <message>
        <source>MP4 (H.264)</source>
        <translation>MP4（H.264）</translation>
    </message>
    <message>
        <source>WebM (VP9)</source>
        <translation>WebM（VP9）</translation>
    </message>
    <message>
        <source>GIF</source>
        <translation>GIF</translation>
    </message>
    <message>
        <source>PNG frames</source>
        <translation>PNG 帧序列</translation>
    </message>
    <message>
        <source>Export format:</source>
        <translation>导出格式：</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Appearance:</source>
        <translation>外观：</translation>
    </message>
    <message>
        <source>No live preview</source>
        <translation>不实时预览</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <source>How often the preview shows the video as it forms while sampling. Each preview costs a little time.</source>
        <translation>采样过程中每隔多少步显示一次正在成形的视频。每次预览都会多花一点时间。</translation>
    </message>
    <message>
        <source>Live preview every:</source>
        <translation>实时预览间隔：</translation>
    </message>
    <message>
        <source>Lower frames or resolution on my behalf when a job would not fit in memory (always said)</source>
        <translation>任务超出内存时自动减少帧数或降低分辨率（总会告知）</translation>
    </message>
    <message>
        <source>Choose the I2VGen-XL model folder</source>
        <translation>选择 I2VGen-XL 模型文件夹</translation>
    </message>
    <message>
        <source>Choose where videos are saved</source>
        <translation>选择视频保存位置</translation>
    </message>
    <message>
        <source>No model set: Kinora makes camera-motion videos (pan, zoom, tilt, rotate) without one. Set the folder of ali-vilab/i2vgen-xl to generate with the model.</source>
        <translation>未设置模型：Kinora 无需模型即可生成镜头运动视频（平移、缩放、俯仰、旋转）。设置 ali-vilab/i2vgen-xl 的文件夹即可用模型生成。</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>正在检查 %1…</translation>
    </message>
    <message>
        <source>✔ %1: %2 components, %3 parameters, %4 on disk.</source>
        <translation>✔ %1：%2 个组件，%3 个参数，占用磁盘 %4。</translation>
    </message>
    <message>
        <source>Licence: %1</source>
        <translation>许可：%1</translation>
    </message>
    <message>
        <source>✘ %1 — %2</source>
        <translation>✘ %1 — %2</translation>
    </message>
</context>
<context>
    <name>kinora::ui::TransportBar</name>
    <message>
        <source>Play or pause all candidates (Space)</source>
        <translation>播放或暂停全部候选（空格）</translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation>播放或暂停（空格）</translation>
    </message>
    <message>
        <source>One frame back (,)</source>
        <translation>后退一帧（,）</translation>
    </message>
    <message>
        <source>One frame forward (.)</source>
        <translation>前进一帧（.）</translation>
    </message>
    <message>
        <source>Loop the videos</source>
        <translation>循环播放全部候选</translation>
    </message>
    <message>
        <source>Loop the video</source>
        <translation>循环播放</translation>
    </message>
    <message>
        <source>Go to a frame in every candidate</source>
        <translation>所有候选跳到同一帧</translation>
    </message>
    <message>
        <source>Go to a frame</source>
        <translation>跳到某一帧</translation>
    </message>
    <message>
        <source>frame %1 / %2</source>
        <translation>第 %1 / %2 帧</translation>
    </message>
</context>
<context>
    <name>kinora::ui::VideoPreview</name>
    <message>
        <source>the file does not exist</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>Preview at step %1 / %2</source>
        <translation>第 %1 / %2 步的预览</translation>
    </message>
    <message>
        <source>The video appears here as it is made.</source>
        <translation>视频生成时会显示在这里。</translation>
    </message>
    <message>
        <source>Cannot play %1.</source>
        <translation>无法播放 %1。</translation>
    </message>
    <message>
        <source>Cannot play %1: %2</source>
        <translation>无法播放 %1：%2</translation>
    </message>
</context>
<context>
    <name>kinora::ui::WelcomePage</name>
    <message>
        <source>Open image…</source>
        <translation>打开图片…</translation>
    </message>
    <message>
        <source>Set model folder…</source>
        <translation>设置模型文件夹…</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Kinora&lt;/h2&gt;&lt;p&gt;Image-to-video studio for the I2VGen-XL diffusion model.&lt;/p&gt;&lt;p&gt;Open a picture, or drop a PNG, JPEG or WebP file onto this window.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Kinora&lt;/h2&gt;&lt;p&gt;面向 I2VGen-XL 扩散模型的图生视频工作室。&lt;/p&gt;&lt;p&gt;打开一张图片，或把 PNG、JPEG、WebP 文件拖到此窗口。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;No model folder is set.&lt;/b&gt; Until one is, Kinora makes camera-motion videos (pan, tilt, zoom, rotate, dolly) read from your prompt, in seconds, with no model.&lt;/p&gt;&lt;p&gt;I2VGen-XL (Alibaba, 2023) animates a picture from a text prompt. Its weights (about 5 GB in fp16) are not bundled: download the diffusers-format folder of &lt;a href=&quot;https://huggingface.co/ali-vilab/i2vgen-xl&quot;&gt;ali-vilab/i2vgen-xl&lt;/a&gt; and choose it in Settings. Licence: the authors&apos; repository states research and non-commercial use for the weights; read the licence in the folder before you use the videos commercially.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;尚未设置模型文件夹。&lt;/b&gt;在设置之前，Kinora 会根据提示词生成镜头运动视频（平移、俯仰、缩放、旋转、推拉），几秒即可完成，无需模型。&lt;/p&gt;&lt;p&gt;I2VGen-XL（阿里巴巴，2023）根据文字提示让图片动起来。它的权重（fp16 约 5 GB）不随软件提供：请下载 &lt;a href=&quot;https://huggingface.co/ali-vilab/i2vgen-xl&quot;&gt;ali-vilab/i2vgen-xl&lt;/a&gt; 的 diffusers 格式文件夹并在设置中选择。许可：作者仓库声明权重仅限研究和非商业用途；商用视频之前请阅读文件夹中的许可文本。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Kinora %1&lt;/h3&gt;&lt;p&gt;&lt;b&gt;1.&lt;/b&gt; Open a picture (&lt;b&gt;File › Open image…&lt;/b&gt;, drop a file, or paste with Ctrl+Shift+V). The dimmed part is what the chosen video size crops away.&lt;/p&gt;&lt;p&gt;&lt;b&gt;2.&lt;/b&gt; Describe the motion: &lt;i&gt;subject + action + direction/speed + environment&lt;/i&gt;. The &lt;b&gt;Motion keywords&lt;/b&gt; palette inserts phrases the model understands; the token count shows what the model would not read.&lt;/p&gt;&lt;p&gt;&lt;b&gt;3.&lt;/b&gt; Pick a preset (Fast to explore, Quality or Native for the final video) and press &lt;b&gt;Generate&lt;/b&gt; (Ctrl+Return). &lt;b&gt;Diagnostics&lt;/b&gt; lists what would spoil the run before you start; double-click a finding to apply its fix.&lt;/p&gt;&lt;p&gt;&lt;b&gt;4.&lt;/b&gt; Watch the preview form as it samples; Esc cancels within one step. Finished videos play in the preview and stay in &lt;b&gt;History&lt;/b&gt;, where you can re-run them, try a new seed or save their settings as a preset. Drop a Kinora video onto the window to restore how it was made.&lt;/p&gt;&lt;p&gt;Without a model folder (Settings) Kinora makes camera moves read from the prompt. The command line does the same: &lt;code&gt;kinora-cli --help&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Kinora %1&lt;/h3&gt;&lt;p&gt;&lt;b&gt;1.&lt;/b&gt; 打开一张图片（&lt;b&gt;文件 › 打开图片…&lt;/b&gt;、拖入文件，或按 Ctrl+Shift+V 粘贴）。变暗的部分是所选视频尺寸会裁掉的区域。&lt;/p&gt;&lt;p&gt;&lt;b&gt;2.&lt;/b&gt; 描述运动：&lt;i&gt;主体 + 动作 + 方向/速度 + 环境&lt;/i&gt;。&lt;b&gt;运动关键词&lt;/b&gt;面板会插入模型能理解的短语；词元计数会显示模型读不到的部分。&lt;/p&gt;&lt;p&gt;&lt;b&gt;3.&lt;/b&gt; 选择预设（“快速”用于探索，“高质量”或“原生”用于最终视频），然后按 &lt;b&gt;生成&lt;/b&gt;（Ctrl+回车）。&lt;b&gt;诊断&lt;/b&gt;会在开始前列出会毁掉这次生成的问题；双击条目即可应用修正。&lt;/p&gt;&lt;p&gt;&lt;b&gt;4.&lt;/b&gt; 采样时可以看到预览逐步成形；按 Esc 会在一步之内取消。完成的视频会在预览中播放并保留在&lt;b&gt;历史记录&lt;/b&gt;中，可以重新运行、换一个种子，或把设置保存为预设。把 Kinora 视频拖到窗口上即可恢复它的生成设置。&lt;/p&gt;&lt;p&gt;未设置模型文件夹（设置）时，Kinora 会按提示词生成镜头运动。命令行工具也一样：&lt;code&gt;kinora-cli --help&lt;/code&gt;。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Save a picture of the main window to &lt;file&gt; and quit.</source>
        <translation>把主窗口的截图保存到 &lt;file&gt;，然后退出。</translation>
    </message>
    <message>
        <source>Kinora: image-to-video studio for I2VGen-XL.</source>
        <translation>Kinora：基于 I2VGen-XL 的图生视频工作室。</translation>
    </message>
    <message>
        <source>Picture to open.</source>
        <translation>要打开的图片。</translation>
    </message>
    <message>
        <source>Colours: auto (follow the desktop), light or dark (default: the setting).</source>
        <translation>配色：auto（跟随桌面）、light 或 dark（默认：设置中的选择）。</translation>
    </message>
    <message>
        <source>Start with &lt;text&gt; in the prompt editor.</source>
        <translation>启动时在提示词编辑框中填入 &lt;text&gt;。</translation>
    </message>
    <message>
        <source>Start generating the opened picture at once.</source>
        <translation>立即开始为打开的图片生成视频。</translation>
    </message>
    <message>
        <source>Show Kinora in &lt;language&gt;: %1 (default: the one chosen in Settings, else the system&apos;s).</source>
        <translation>以 &lt;language&gt; 显示 Kinora：%1（默认：设置中选择的语言，否则为系统语言）。</translation>
    </message>
</context>
</TS>
