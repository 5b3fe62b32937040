<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ApiError</name>
    <message>
        <source>无法连接服务器，请检查网络或联系管理员</source>
        <translation>Cannot reach the server. Check the network or call the administrator.</translation>
    </message>
    <message>
        <source>服务器响应超时，请稍后重试</source>
        <translation>The server did not answer in time. Please try again.</translation>
    </message>
    <message>
        <source>尚未找到服务器，正在搜索…</source>
        <translation>Looking for the server…</translation>
    </message>
    <message>
        <source>服务器返回的数据无法识别，请联系管理员</source>
        <translation>The server sent an answer this device does not understand. Call the administrator.</translation>
    </message>
</context>
<context>
    <name>HallBrowser</name>
    <message>
        <source>网络上发现多个大厅：{halls}。请在设备设置中指定大厅编号（hall）</source>
        <translation>Several halls found on the network: {halls}. Set the hall id (hall) in this device&apos;s settings.</translation>
    </message>
</context>
<context>
    <name>HallConnection</name>
    <message>
        <source>正在查找服务器…</source>
        <translation>Looking for the server…</translation>
    </message>
    <message>
        <source>服务器已离线，正在重新查找…</source>
        <translation>The server went offline. Looking for it again…</translation>
    </message>
    <message>
        <source>本设备尚未配置设备令牌，请联系管理员（jiaohao admin device add）</source>
        <translation>This device has no device token yet. Ask the administrator (jiaohao admin device add).</translation>
    </message>
    <message>
        <source>与服务器的连接已断开，正在重新连接…</source>
        <translation>Connection to the server lost. Reconnecting…</translation>
    </message>
    <message>
        <source>已恢复与服务器的连接</source>
        <translation>Connection to the server restored.</translation>
    </message>
</context>
</TS>
