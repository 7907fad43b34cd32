<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.34.0-Prizren" styleCategories="Symbology|Temporal">
  <renderer-v2 type="categorizedSymbol" attr="if(&quot;id&quot; IN ('amur', 'ussuri'), 'major', 'minor')" symbollevels="0" enableorderby="0" forceraster="0">
    <categories>
      <category value="major" type="string" symbol="0" label="major" render="true" />
      <category value="minor" type="string" symbol="1" label="minor" render="true" />
    </categories>
    <symbols>
      <symbol type="line" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="line_color" value="26,127,208,230" type="QString" />
            <Option name="line_width" value="3" type="QString" />
            <Option name="line_width_unit" value="Pixel" type="QString" />
            <Option name="line_style" value="solid" type="QString" />
            <Option name="use_custom_dash" value="0" type="QString" />
            <Option name="customdash" value="5;2" type="QString" />
            <Option name="customdash_unit" value="Pixel" type="QString" />
            <Option name="capstyle" value="round" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
      <symbol type="line" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="line_color" value="26,127,208,178" type="QString" />
            <Option name="line_width" value="1.5" type="QString" />
            <Option name="line_width_unit" value="Pixel" type="QString" />
            <Option name="line_style" value="solid" type="QString" />
            <Option name="use_custom_dash" value="0" type="QString" />
            <Option name="customdash" value="5;2" type="QString" />
            <Option name="customdash_unit" value="Pixel" type="QString" />
            <Option name="capstyle" value="round" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <layerGeometryType>1</layerGeometryType>
</qgis>
