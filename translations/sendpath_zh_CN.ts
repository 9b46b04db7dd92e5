<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChartsView</name>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="89"/>
        <location filename="../ui/views/chartsview.cpp" line="152"/>
        <source>cwnd (segments)</source>
        <translation>cwnd（报文段）</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="90"/>
        <location filename="../ui/views/chartsview.cpp" line="152"/>
        <source>in flight (segments)</source>
        <translation>在途（报文段）</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="91"/>
        <location filename="../ui/views/chartsview.cpp" line="153"/>
        <source>snd_wnd (bytes)</source>
        <translation>snd_wnd（字节）</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="92"/>
        <location filename="../ui/views/chartsview.cpp" line="153"/>
        <source>qdisc backlog (bytes)</source>
        <translation>qdisc 积压（字节）</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="110"/>
        <location filename="../ui/views/chartsview.cpp" line="154"/>
        <source>unsent (bytes)</source>
        <translation>未发送（字节）</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="124"/>
        <location filename="../ui/views/chartsview.cpp" line="154"/>
        <source>ring descriptors in use</source>
        <translation>环中已用描述符</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="130"/>
        <location filename="../ui/views/chartsview.cpp" line="155"/>
        <source>cursor</source>
        <translation>当前位置</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="150"/>
        <source>Sender over virtual time (µs)</source>
        <translation>发送方随虚拟时间的变化（µs）</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="159"/>
        <source>µs</source>
        <translation>µs</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="160"/>
        <source>segments</source>
        <translation>报文段</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="161"/>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.h" line="18"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <location filename="../ui/views/compareview.cpp" line="75"/>
        <location filename="../ui/views/compareview.cpp" line="150"/>
        <source>No comparison loaded.</source>
        <translation>未加载比较。</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="85"/>
        <source>Differences between the two kernels: click one to move both step lists to it</source>
        <translation>两个内核之间的差异：点击一项，两个步骤列表都会移到那里</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="86"/>
        <location filename="../ui/views/compareview.cpp" line="111"/>
        <source>Linux 6.15</source>
        <translation>Linux 6.15</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="86"/>
        <location filename="../ui/views/compareview.cpp" line="111"/>
        <source>Linux 6.16</source>
        <translation>Linux 6.16</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="107"/>
        <source>Executed lines of the selected call</source>
        <translation>所选调用的已执行行</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="146"/>
        <source>Scenario %1: nothing to compare (%2)</source>
        <translation>场景 %1：没有可比较的内容（%2）</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="153"/>
        <source>Scenario %1 — Linux 6.15: %2 steps, 6.16: %3 steps; %4 differences</source>
        <translation>场景 %1 — Linux 6.15：%2 步，6.16：%3 步；%4 处差异</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="164"/>
        <source> (×%1)</source>
        <translation> (×%1)</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="222"/>
        <source>(top level)</source>
        <translation>（顶层）</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="223"/>
        <source>Executed lines of %1() in both versions: %2 rows</source>
        <translation>两个版本中 %1() 的已执行行：%2 行</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.h" line="25"/>
        <source>Compare 6.15 / 6.16</source>
        <translation>比较 6.15 / 6.16</translation>
    </message>
</context>
<context>
    <name>GatesView</name>
    <message>
        <location filename="../ui/views/gatesview.cpp" line="67"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../ui/views/gatesview.cpp" line="67"/>
        <source>Gate</source>
        <translation>关卡</translation>
    </message>
    <message>
        <location filename="../ui/views/gatesview.cpp" line="67"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../ui/views/gatesview.cpp" line="67"/>
        <source>Numbers</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../ui/views/gatesview.cpp" line="91"/>
        <source>tcp_write_xmit has not run yet at this step.</source>
        <translation>在此步骤，tcp_write_xmit 尚未运行。</translation>
    </message>
    <message>
        <location filename="../ui/views/gatesview.cpp" line="94"/>
        <source>tcp_write_xmit call at step %1 (%2)</source>
        <translation>第 %1 步的 tcp_write_xmit 调用（%2）</translation>
    </message>
    <message>
        <location filename="../ui/views/gatesview.cpp" line="113"/>
        <source> returned</source>
        <translation> 已返回</translation>
    </message>
    <message>
        <location filename="../ui/views/gatesview.cpp" line="146"/>
        <source>Now: cwnd %1, in flight %2, snd_wnd %3 · qdisc %4 packets · BQL limit %5, queued %6 · ring free %7</source>
        <translation>当前：cwnd %1，在途 %2，snd_wnd %3 · qdisc %4 个数据包 · BQL 上限 %5，已排队 %6 · 环空闲 %7</translation>
    </message>
    <message>
        <location filename="../ui/views/gatesview.h" line="15"/>
        <source>Gates — why didn&apos;t it send?</source>
        <translation>关卡 — 为什么没有发送？</translation>
    </message>
</context>
<context>
    <name>HeaderView</name>
    <message>
        <location filename="../ui/views/headerview.cpp" line="60"/>
        <source>Byte %1 of %2 was written at step %3 by %4</source>
        <translation>%2 的字节 %1 由 %4 在第 %3 步写入</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="66"/>
        <source>Byte %1 has not been written yet</source>
        <translation>字节 %1 尚未被写入</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="102"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="102"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="103"/>
        <source>Go to writer</source>
        <translation>跳转到写入处</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="138"/>
        <source>No sk_buff at this step.</source>
        <translation>此步骤没有 sk_buff。</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="144"/>
        <source>%1 has no bytes yet.</source>
        <translation>%1 尚无字节。</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="165"/>
        <source>%1 bytes at head+%2</source>
        <translation>head+%2 处的 %1 字节</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="180"/>
        <location filename="../ui/views/headerview.cpp" line="208"/>
        <source>Destination</source>
        <translation>目的</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="181"/>
        <location filename="../ui/views/headerview.cpp" line="207"/>
        <source>Source</source>
        <translation>源</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="182"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="191"/>
        <source>Version / IHL</source>
        <translation>版本 / IHL</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="193"/>
        <source>TOS</source>
        <translation>TOS</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="194"/>
        <source>Total length</source>
        <translation>总长度</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="195"/>
        <source>Identification</source>
        <translation>标识</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="197"/>
        <source>Flags / fragment offset</source>
        <translation>标志 / 片偏移</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="203"/>
        <source>TTL</source>
        <translation>TTL</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="204"/>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="205"/>
        <source>Header checksum</source>
        <translation>首部校验和</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="214"/>
        <source>Source port</source>
        <translation>源端口</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="215"/>
        <source>Destination port</source>
        <translation>目的端口</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="216"/>
        <source>Sequence number</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="217"/>
        <source>Acknowledgment number</source>
        <translation>确认号</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="223"/>
        <source>Header length / flags</source>
        <translation>首部长度 / 标志</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="225"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="226"/>
        <source>Checksum</source>
        <translation>校验和</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="228"/>
        <source>Urgent pointer</source>
        <translation>紧急指针</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="233"/>
        <location filename="../ui/views/headerview.cpp" line="257"/>
        <source>Option</source>
        <translation>选项</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="262"/>
        <source>Payload (linear part)</source>
        <translation>载荷（线性部分）</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="265"/>
        <source>Data (no headers pushed yet)</source>
        <translation>数据（尚未压入首部）</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="267"/>
        <source>%1: %2 linear bytes shown; %3 bytes in frags (see the X-ray). Click a byte to see which step wrote it.</source>
        <translation>%1：显示了 %2 个线性字节；frags 中有 %3 字节（见透视视图）。点击某个字节可查看是哪一步写入的。</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.h" line="20"/>
        <source>Headers</source>
        <translation>首部</translation>
    </message>
</context>
<context>
    <name>LessonStore</name>
    <message>
        <location filename="../ui/lessonstore.cpp" line="108"/>
        <source>Imported %1 of %2 functions for Linux %3 from %4; %5 of %6 line anchors located.</source>
        <translation>已从 %4 导入 Linux %3 的 %1/%2 个函数；定位到 %5/%6 个行锚点。</translation>
    </message>
</context>
<context>
    <name>LessonView</name>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="96"/>
        <source>Start lesson</source>
        <translation>开始课程</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="97"/>
        <source>Next checkpoint</source>
        <translation>下一个检查点</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="98"/>
        <source>Reveal and check</source>
        <translation>揭晓并判分</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="99"/>
        <location filename="../ui/views/lessonview.cpp" line="178"/>
        <source>Predict, then reveal</source>
        <translation>先预测，再揭晓</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="100"/>
        <source>Your answer (a number)</source>
        <translation>你的答案（数字）</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="105"/>
        <source>&lt;p&gt;Pick a lesson and press &lt;b&gt;Start lesson&lt;/b&gt;. Each checkpoint stops the debugger at a step of the kernel path and explains it; some ask you to predict what happens next before the app reveals it from the recorded run.&lt;/p&gt;</source>
        <translation>&lt;p&gt;选择一门课程并按&lt;b&gt;开始课程&lt;/b&gt;。每个检查点让调试器停在内核路径的某一步并加以解释；有些会先让你预测接下来会发生什么，再由应用根据记录的运行揭晓答案。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="114"/>
        <source>No lessons database is loaded.</source>
        <translation>未加载课程数据库。</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="129"/>
        <source>The scenario of lesson %1 could not be loaded.</source>
        <translation>无法加载课程 %1 的场景。</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="147"/>
        <source>Lesson finished.</source>
        <translation>课程结束。</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="163"/>
        <source>Checkpoint %1 of %2 · step %3</source>
        <translation>检查点 %1/%2 · 第 %3 步</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="165"/>
        <source>Lesson %1, checkpoint %2 of %3</source>
        <translation>课程 %1，检查点 %2/%3</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="213"/>
        <source>Correct.</source>
        <translation>正确。</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="213"/>
        <source>Not quite.</source>
        <translation>不太对。</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="214"/>
        <source>The recorded run says: %1 (step %2).</source>
        <translation>记录的运行给出的答案：%1（第 %2 步）。</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.h" line="25"/>
        <source>Guided lessons</source>
        <translation>引导课程</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="48"/>
        <source>Lessons not loaded: %1</source>
        <translation>未加载课程：%1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="118"/>
        <source>Go to step</source>
        <translation>跳转到步骤</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="118"/>
        <source>Step:</source>
        <translation>步骤：</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="125"/>
        <source>Open scenario</source>
        <translation>打开场景</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="126"/>
        <source>Scenarios (*.scn *.txt);;All files (*)</source>
        <translation>场景 (*.scn *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="129"/>
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="132"/>
        <location filename="../ui/mainwindow.cpp" line="136"/>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="133"/>
        <location filename="../ui/mainwindow.cpp" line="140"/>
        <source>SendPath sessions (*.sendpath)</source>
        <translation>SendPath 会话 (*.sendpath)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="139"/>
        <location filename="../ui/mainwindow.cpp" line="143"/>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="146"/>
        <location filename="../ui/mainwindow.cpp" line="150"/>
        <source>Export pcapng</source>
        <translation>导出 pcapng</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="147"/>
        <source>pcapng (*.pcapng)</source>
        <translation>pcapng (*.pcapng)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="159"/>
        <source>Run to cursor: put the cursor on a source line with a line anchor, or select an executed line</source>
        <translation>运行到光标处：把光标放在带行锚点的源码行上，或选中一条已执行的行</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="167"/>
        <location filename="../ui/mainwindow.cpp" line="310"/>
        <location filename="../ui/mainwindow.cpp" line="312"/>
        <location filename="../ui/mainwindow.cpp" line="591"/>
        <source>Compare 6.15 / 6.16</source>
        <translation>比较 6.15 / 6.16</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="278"/>
        <source>SendPath — Linux TCP transmit path debugger</source>
        <translation>SendPath — Linux TCP 发送路径调试器</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="280"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="281"/>
        <source>&amp;Debug</source>
        <translation>调试(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="282"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="283"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="284"/>
        <source>Debug</source>
        <translation>调试</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="285"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="286"/>
        <source>Step over</source>
        <translation>单步跳过</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="287"/>
        <source>Step into</source>
        <translation>单步进入</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="288"/>
        <source>Step out</source>
        <translation>单步跳出</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="289"/>
        <source>Reverse continue</source>
        <translation>反向继续</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="290"/>
        <source>Reverse step over</source>
        <translation>反向单步跳过</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="291"/>
        <source>Reverse step into</source>
        <translation>反向单步进入</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="292"/>
        <source>Reverse step out</source>
        <translation>反向单步跳出</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="293"/>
        <source>First step</source>
        <translation>第一步</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="294"/>
        <source>Last step</source>
        <translation>最后一步</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="295"/>
        <source>Play / pause</source>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="296"/>
        <source>Go to step…</source>
        <translation>跳转到步骤…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="297"/>
        <source>Add breakpoint…</source>
        <translation>添加断点…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="298"/>
        <source>Open scenario…</source>
        <translation>打开场景…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="299"/>
        <source>Open session…</source>
        <translation>打开会话…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="300"/>
        <source>Save session…</source>
        <translation>保存会话…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="301"/>
        <source>Export pcapng…</source>
        <translation>导出 pcapng…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="302"/>
        <source>Export view as PNG/SVG…</source>
        <translation>将视图导出为 PNG/SVG…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="303"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="304"/>
        <source>Dark theme</source>
        <translation>深色主题</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="305"/>
        <source>Larger text (projector)</source>
        <translation>放大文字（投影仪）</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="306"/>
        <source>Smaller text</source>
        <translation>缩小文字</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="307"/>
        <location filename="../ui/mainwindow.cpp" line="498"/>
        <source>Debugger keys</source>
        <translation>调试器快捷键</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="308"/>
        <source>Run to cursor</source>
        <translation>运行到光标处</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="309"/>
        <source>Kernel source…</source>
        <translation>内核源码…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="313"/>
        <location filename="../ui/mainwindow.cpp" line="511"/>
        <source>About SendPath</source>
        <translation>关于 SendPath</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="331"/>
        <source>No run loaded</source>
        <translation>未加载运行记录</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="336"/>
        <source>Step %1 of %2 · %3 · t = %4 µs · Linux %5</source>
        <translation>第 %1 步，共 %2 步 · %3 · t = %4 µs · Linux %5</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="415"/>
        <source>This session has no wire frames (sessions opened from a file keep only the trace).</source>
        <translation>此会话没有线路上的帧（从文件打开的会话只保留跟踪记录）。</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="475"/>
        <source>Add breakpoint</source>
        <translation>添加断点</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="476"/>
        <source>Function (tcp_write_xmit), source line anchor (tcp_cwnd_test:quota) or condition (tp-&gt;snd_cwnd &lt; 4, ring0.free &lt; 8):</source>
        <translation>函数（tcp_write_xmit）、源代码行锚点（tcp_cwnd_test:quota）或条件（tp-&gt;snd_cwnd &lt; 4, ring0.free &lt; 8）：</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="486"/>
        <source>Breakpoint</source>
        <translation>断点</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="493"/>
        <source>Breakpoint added: %1</source>
        <translation>已添加断点：%1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="499"/>
        <source>F5  continue to the next breakpoint
Shift+F5  reverse continue
F10  step over
Shift+F10  reverse step over
F11  step into
Ctrl+F11  reverse step into
Shift+F11  step out
Ctrl+Shift+F11  reverse step out
F9  add a breakpoint (function or condition)
Ctrl+G  go to step
Space  play / pause
Home / End  first / last step
Ctrl+Plus / Ctrl+Minus  text size for projectors</source>
        <translation>F5  继续运行到下一个断点
Shift+F5  反向继续
F10  单步跳过
Shift+F10  反向单步跳过
F11  单步进入
Ctrl+F11  反向单步进入
Shift+F11  单步跳出
Ctrl+Shift+F11  反向单步跳出
F9  添加断点（函数或条件）
Ctrl+G  跳转到步骤
Space  播放 / 暂停
Home / End  第一步 / 最后一步
Ctrl+Plus / Ctrl+Minus  调整投影用的文字大小</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="512"/>
        <source>SendPath steps through a model of the Linux TCP transmit path, from send() to the doorbell of an emulated Intel E810.

SendPath is free software under the GNU GPL, version 2 or later. The kernel source excerpts it shows are Linux code, licensed GPL-2.0: imported from your own kernel tree (File &gt; Kernel source…) or quoted in the project&apos;s notes.</source>
        <translation>SendPath 逐步展示 Linux TCP 发送路径的模型，从 send() 直到模拟的 Intel E810 的门铃写入。

SendPath 是以 GNU GPL 第 2 版或更高版本发布的自由软件。它显示的内核源码片段是 Linux 代码，采用 GPL-2.0 许可：来自你自己的内核源码树（文件 &gt; 内核源码…）或项目笔记中的引用。</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="531"/>
        <source>The comparison of %1 failed.</source>
        <translation>%1 的比较失败。</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="588"/>
        <source>Compare: source and sk_buff, 6.15 | 6.16</source>
        <translation>比较：源码与 sk_buff，6.15 | 6.16</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="602"/>
        <location filename="../ui/mainwindow.cpp" line="611"/>
        <location filename="../ui/mainwindow.cpp" line="620"/>
        <location filename="../ui/mainwindow.cpp" line="622"/>
        <source>Kernel source</source>
        <translation>内核源码</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="603"/>
        <source>SendPath ships no Linux source: it reads the modelled functions from your kernel tree.
Import for which version?</source>
        <translation>SendPath 不附带 Linux 源码：它从你的内核源码树读取被建模的函数。
为哪个版本导入？</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="608"/>
        <source>Linux %1 source tree</source>
        <translation>Linux %1 源码树</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="612"/>
        <source>Git revision to read (e.g. v%1), or empty to read the files as they are:</source>
        <translation>要读取的 Git 版本（如 v%1），留空则按文件现状读取：</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="633"/>
        <source>Export view</source>
        <translation>导出视图</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="633"/>
        <source>PNG (*.png);;SVG (*.svg)</source>
        <translation>PNG (*.png);;SVG (*.svg)</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="308"/>
        <source>(start of the run)</source>
        <translation>（运行开始）</translation>
    </message>
</context>
<context>
    <name>RingView</name>
    <message>
        <location filename="../ui/views/ringview.cpp" line="67"/>
        <source>slot %1: never used</source>
        <translation>槽位 %1：从未使用</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="72"/>
        <source>slot %1: context descriptor  QW0 0x%2  QW1 0x%3
TSO total length %4, MSS %5, cmd 0x%6</source>
        <translation>槽位 %1：上下文描述符  QW0 0x%2  QW1 0x%3
TSO 总长度 %4，MSS %5，cmd 0x%6</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="81"/>
        <source>slot %1: data descriptor  buf 0x%2  size %3  cmd 0x%4%5%6  MACLEN %7 IPLEN %8 L4LEN %9%10</source>
        <translation>槽位 %1：数据描述符  buf 0x%2  大小 %3  cmd 0x%4%5%6  MACLEN %7 IPLEN %8 L4LEN %9%10</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="92"/>
        <source>  — written back (DTYPE 0xF)</source>
        <translation>  — 已回写（DTYPE 0xF）</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="96"/>
        <location filename="../ui/views/ringview.cpp" line="97"/>
        <source>Click a slot to decode its descriptor.</source>
        <translation>点击槽位以解码其描述符。</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="125"/>
        <source>The ring has not been set up at this step.</source>
        <translation>在此步骤，描述符环尚未建立。</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="171"/>
        <source>DOORBELL
%1</source>
        <translation>门铃
%1</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="176"/>
        <source>host memory</source>
        <translation>主机内存</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="190"/>
        <source>DMA read
</source>
        <translation>DMA 读取
</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="190"/>
        <source>write-back
</source>
        <translation>回写
</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="193"/>
        <source>%1 slots · free %2
doorbells %3 · DMA reads %4
write-backs %5%6</source>
        <translation>%1 个槽位 · 空闲 %2
门铃 %3 · DMA 读取 %4
回写 %5%6</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="199"/>
        <source>
queue STOPPED</source>
        <translation>
队列已停止</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="202"/>
        <source>free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="202"/>
        <source>written, no doorbell</source>
        <translation>已写入，未敲门铃</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="202"/>
        <source>ready for device</source>
        <translation>等待设备处理</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="203"/>
        <source>fetched by device</source>
        <translation>已被设备取走</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="203"/>
        <source>written back</source>
        <translation>已回写</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.h" line="17"/>
        <source>NIC ring (E810 queue 0)</source>
        <translation>NIC 环（E810 队列 0）</translation>
    </message>
</context>
<context>
    <name>SeqBar</name>
    <message>
        <location filename="../ui/views/sockview.cpp" line="159"/>
        <source>snd_una %1</source>
        <translation>snd_una %1</translation>
    </message>
    <message>
        <location filename="../ui/views/sockview.cpp" line="161"/>
        <source>in flight %1 B · unsent %2 B · window end +%3 · pushed_seq +%4</source>
        <translation>在途 %1 B · 未发送 %2 B · 窗口末端 +%3 · pushed_seq +%4</translation>
    </message>
</context>
<context>
    <name>SkbView</name>
    <message>
        <location filename="../ui/views/skbview.cpp" line="37"/>
        <source>kernel page_frag</source>
        <translation>内核 page_frag</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="39"/>
        <source>pinned user page</source>
        <translation>固定的用户页</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="41"/>
        <source>spliced page</source>
        <translation>splice 页</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="43"/>
        <source>dma-buf net_iov</source>
        <translation>dma-buf net_iov</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="47"/>
        <source>kernel page</source>
        <translation>内核页</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="116"/>
        <source>No sk_buff at this step. Step into tcp_sendmsg_locked to watch one being built.</source>
        <translation>此步骤没有 sk_buff。单步进入 tcp_sendmsg_locked 即可观察它的构建过程。</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="122"/>
        <source>%1   len %2 = linear %3 + frags %4   truesize %5%6</source>
        <translation>%1   len %2 = 线性 %3 + frags %4   truesize %5%6</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="129"/>
        <source>   (clone of %1)</source>
        <translation>   （%1 的克隆）</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="129"/>
        <source>   (cloned)</source>
        <translation>   （已克隆）</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="173"/>
        <source>headroom %1 · linear data %2 · tailroom %3</source>
        <translation>headroom %1 · 线性数据 %2 · tailroom %3</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="177"/>
        <source>frags: %1   gso_size %2   gso_segs %3   gso_type 0x%4   dataref %5   flags 0x%6</source>
        <translation>frags: %1   gso_size %2   gso_segs %3   gso_type 0x%4   dataref %5   flags 0x%6</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="201"/>
        <source>[%1] %2 @%3 +%4
%5 ref %6</source>
        <translation>[%1] %2 @%3 +%4
%5 引用 %6</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.h" line="12"/>
        <source>sk_buff X-ray</source>
        <translation>sk_buff 透视</translation>
    </message>
</context>
<context>
    <name>SockView</name>
    <message>
        <location filename="../ui/views/sockview.cpp" line="53"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../ui/views/sockview.cpp" line="53"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../ui/views/sockview.cpp" line="53"/>
        <source>Before this step</source>
        <translation>此步骤之前</translation>
    </message>
    <message>
        <location filename="../ui/views/sockview.cpp" line="54"/>
        <source>Watch expression, e.g. tp.snd_nxt - tp.snd_una</source>
        <translation>监视表达式，例如 tp.snd_nxt - tp.snd_una</translation>
    </message>
    <message>
        <location filename="../ui/views/sockview.h" line="34"/>
        <source>Socket state</source>
        <translation>套接字状态</translation>
    </message>
</context>
<context>
    <name>SourceView</name>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="343"/>
        <source>No breakpoints: double-click a line above, or press F9</source>
        <translation>没有断点：双击上方的行，或按 F9</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="351"/>
        <source>No run loaded</source>
        <translation>未加载运行记录</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="379"/>
        <source>Outside any kernel function</source>
        <translation>不在任何内核函数中</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="239"/>
        <source>Kernel source</source>
        <translation>内核源码</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="240"/>
        <source>Executed lines</source>
        <translation>已执行的行</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="504"/>
        <source>No lessons database loaded.</source>
        <translation>未加载课程数据库。</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="447"/>
        <source>&lt;b&gt;%1&lt;/b&gt; — not kernel code: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — 不是内核代码：%2</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="382"/>
        <source> · step %1 of %2</source>
        <translation> · 第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="451"/>
        <source>This step belongs to the emulated hardware or the simulated peer; the annotation explains what it models.</source>
        <translation>这一步属于模拟的硬件或模拟的对端；注释说明它模拟的是什么。</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="457"/>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2 · Linux %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2 · Linux %3</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="459"/>
        <source>No kernel source for %1 in Linux %2 yet.

SendPath ships no Linux source. Import the modelled functions from your own kernel tree with File &gt; Kernel source... (or: sendpath-cli lessons import-source --kernel %2 --tree ~/linux [--rev v%2]). The Executed lines tab shows what the model ran.</source>
        <translation>尚无 Linux %2 中 %1 的内核源码。

SendPath 不附带 Linux 源码。请通过 文件 &gt; 内核源码... 从你自己的内核源码树导入被建模的函数（或：sendpath-cli lessons import-source --kernel %2 --tree ~/linux [--rev v%2]）。“已执行的行”标签页显示模型执行了什么。</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="469"/>
        <source>imported from %1</source>
        <translation>导入自 %1</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="470"/>
        <source>quoted in the notes: %1</source>
        <translation>引自笔记：%1</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="472"/>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2 · Linux %3 · %4&lt;br&gt;&lt;small&gt;%5. Linux kernel source is GPL-2.0; SendPath is GPL-2.0-or-later.&lt;/small&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2 · Linux %3 · %4&lt;br&gt;&lt;small&gt;%5。Linux 内核源码采用 GPL-2.0；SendPath 采用 GPL-2.0-or-later。&lt;/small&gt;</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="557"/>
        <source>Step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="557"/>
        <source> · %1 · virtual time %2 µs, call depth %3</source>
        <translation> · %1 · 虚拟时间 %2 µs，调用深度 %3</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="241"/>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="242"/>
        <source>Engineer</source>
        <translation>工程师</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="243"/>
        <source>English + 한국어 side by side</source>
        <translation>English + 한국어 并排显示</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="632"/>
        <source>&lt;p&gt;No annotation for this step.&lt;/p&gt;</source>
        <translation>&lt;p&gt;此步骤没有注释。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.h" line="24"/>
        <source>Source and call stack</source>
        <translation>源码与调用栈</translation>
    </message>
</context>
<context>
    <name>TimersView</name>
    <message>
        <location filename="../ui/views/timersview.cpp" line="136"/>
        <source>RTO</source>
        <translation>RTO</translation>
    </message>
    <message>
        <location filename="../ui/views/timersview.cpp" line="136"/>
        <source>zero-window probe</source>
        <translation>零窗口探测</translation>
    </message>
    <message>
        <location filename="../ui/views/timersview.cpp" line="136"/>
        <source>loss probe (TLP)</source>
        <translation>丢包探测（TLP）</translation>
    </message>
    <message>
        <location filename="../ui/views/timersview.cpp" line="137"/>
        <source>delayed ACK</source>
        <translation>延迟 ACK</translation>
    </message>
    <message>
        <location filename="../ui/views/timersview.cpp" line="162"/>
        <source>0 µs</source>
        <translation>0 µs</translation>
    </message>
    <message>
        <location filename="../ui/views/timersview.cpp" line="163"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location filename="../ui/views/timersview.cpp" line="92"/>
        <source>backoff %1, rto %2 ms</source>
        <translation>退避 %1，rto %2 ms</translation>
    </message>
    <message>
        <location filename="../ui/views/timersview.h" line="14"/>
        <source>Timers</source>
        <translation>定时器</translation>
    </message>
</context>
</TS>
