/* V4L2 names strace 6.1 prints that linux/videodev2.h and
 * linux/v4l2-controls.h (6.1) no longer define: strace defines them in its
 * src/kernel_v4l2_types.h. Copied here for Tools/gen-constants.py (read
 * after the kernel's headers, whose V4L2_CID_BASE and V4L2_CID_CODEC_BASE
 * they use). */
#define V4L2_BUF_FLAG_INPUT 0x0200
#define V4L2_CID_HCENTER (V4L2_CID_BASE+22)
#define V4L2_CID_VCENTER (V4L2_CID_BASE+23)
#define V4L2_CID_MPEG_VIDEO_MPEG2_SLICE_PARAMS (V4L2_CID_CODEC_BASE + 250)
#define V4L2_CID_MPEG_VIDEO_MPEG2_QUANTIZATION (V4L2_CID_CODEC_BASE + 251)
