<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
    <name>kinora::ui::MainWindow</name>
    <message>
        <source>Device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Image-to-video studio for the I2VGen-XL diffusion model</source>
        <translation>基于 I2VGen-XL 扩散模型的图生视频工作室</translation>
    </message>
    <message>
        <source>Open a picture to start, or drop a PNG, JPEG or WebP file onto this window.</source>
        <translation>打开一张图片即可开始，也可以把 PNG、JPEG 或 WebP 文件拖放到此窗口。</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>打开图片…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation>打开图片(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <source>No presets yet</source>
        <translation>暂无预设</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
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
        <source>Kinora %1</source>
        <translation>Kinora %1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Cannot open %1: %2. Choose a PNG, JPEG or WebP picture.</source>
        <translation>无法打开 %1：%2。请选择 PNG、JPEG 或 WebP 图片。</translation>
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
        <source>Open image</source>
        <translation>打开图片</translation>
    </message>
    <message>
        <source>Pictures (%1)</source>
        <translation>图片 (%1)</translation>
    </message>
    <message>
        <source>Kinora Help</source>
        <translation>Kinora 帮助</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Kinora %1&lt;/h3&gt;&lt;p&gt;This window opens and shows a picture: use &lt;b&gt;File › Open image…&lt;/b&gt;, or drop a PNG, JPEG or WebP file onto the window. Generating from the window is not there yet; the command-line tool does it:&lt;/p&gt;&lt;pre&gt;kinora-cli generate --model MODEL_DIR --image PICTURE --prompt TEXT --output clip.mp4&lt;/pre&gt;&lt;p&gt;Without a model folder it makes camera moves read from the prompt. &lt;code&gt;kinora-cli doctor&lt;/code&gt; checks a prompt, settings and picture first, &lt;code&gt;kinora-cli inspect MODEL_DIR&lt;/code&gt; checks a model folder, and &lt;code&gt;kinora-cli --help&lt;/code&gt; lists every command.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Kinora %1&lt;/h3&gt;&lt;p&gt;此窗口可以打开并显示图片：使用&lt;b&gt;文件 › 打开图片…&lt;/b&gt;，或把 PNG、JPEG 或 WebP 文件拖到窗口上。窗口里还不能生成视频；命令行工具可以：&lt;/p&gt;&lt;pre&gt;kinora-cli generate --model MODEL_DIR --image PICTURE --prompt TEXT --output clip.mp4&lt;/pre&gt;&lt;p&gt;没有模型文件夹时，它会按提示词中的镜头运动生成视频。&lt;code&gt;kinora-cli doctor&lt;/code&gt; 会先检查提示词、参数和图片，&lt;code&gt;kinora-cli inspect MODEL_DIR&lt;/code&gt; 检查模型文件夹，&lt;code&gt;kinora-cli --help&lt;/code&gt; 列出所有命令。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Show Kinora in &lt;language&gt;: %1 (default: the system&apos;s language).</source>
        <translation>以 &lt;language&gt; 语言显示 Kinora：%1（默认：系统语言）。</translation>
    </message>
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
</context>
</TS>
