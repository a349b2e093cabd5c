<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
    <name>kinora::ui::MainWindow</name>
    <message>
        <source>Device: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image-to-video studio for the I2VGen-XL diffusion model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a picture to start, or drop a PNG, JPEG or WebP file onto this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No presets yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
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
        <source>Kinora %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1: %2. Choose a PNG, JPEG or WebP picture.</source>
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
        <source>Open image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pictures (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinora Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Kinora %1&lt;/h3&gt;&lt;p&gt;This window opens and shows a picture: use &lt;b&gt;File › Open image…&lt;/b&gt;, or drop a PNG, JPEG or WebP file onto the window. Generating from the window is not there yet; the command-line tool does it:&lt;/p&gt;&lt;pre&gt;kinora-cli generate --model MODEL_DIR --image PICTURE --prompt TEXT --output clip.mp4&lt;/pre&gt;&lt;p&gt;Without a model folder it makes camera moves read from the prompt. &lt;code&gt;kinora-cli doctor&lt;/code&gt; checks a prompt, settings and picture first, &lt;code&gt;kinora-cli inspect MODEL_DIR&lt;/code&gt; checks a model folder, and &lt;code&gt;kinora-cli --help&lt;/code&gt; lists every command.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Show Kinora in &lt;language&gt;: %1 (default: the system&apos;s language).</source>
        <translation type="unfinished"></translation>
    </message>
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
</context>
</TS>
